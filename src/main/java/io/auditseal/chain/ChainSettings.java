package io.auditseal.chain;

import io.auditseal.format.ChainId;
import io.auditseal.store.RetentionMode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chain's configuration as the sink uses it: parsed and validated once, from an AuditChain resource (cluster
 * mode) or its YAML (standalone), so nothing below this type sees Kubernetes classes or re-parses a string.
 *
 * @param generation     the AuditChain's metadata.generation (0 when it has none)
 * @param origin         the checkpoint origin: the spec's, or {@code auditseal/<namespace>/<name>}
 * @param signing        where the checkpoint signing key is: generated and kept by the sink, a Secret, a PKCS#11 token
 * @param retentionMode  Object Lock mode of every object written
 * @param retention      how long each object is locked from the moment it is written
 * @param verifyInterval how often the operator re-checks each sealed batch against storage
 * @param redaction      the chain's own redaction rules, beyond the built-in ones
 * @param rotation       a hand-over to the signing key from a previous one, if configured
 * @param witnesses      the witnesses each new checkpoint is submitted to, in order
 */
public record ChainSettings(ChainId id, long generation, String clusterName, Optional<String> clusterUid,
                            String origin, StorageSettings storage, RetentionMode retentionMode, Duration retention,
                            BatchPolicy batch, SigningSettings signing, boolean failClosed,
                            Duration verifyInterval, SealRecordLimits sealRecords, RedactionRules redaction,
                            Optional<KeyRotationSettings> rotation, List<WitnessSettings> witnesses) {

    /** Without a key rotation or witnesses. */
    public ChainSettings(ChainId id, long generation, String clusterName, Optional<String> clusterUid, String origin,
                         StorageSettings storage, RetentionMode retentionMode, Duration retention, BatchPolicy batch,
                         SigningSettings signing, boolean failClosed, Duration verifyInterval,
                         SealRecordLimits sealRecords, RedactionRules redaction) {
        this(id, generation, clusterName, clusterUid, origin, storage, retentionMode, retention, batch, signing,
                failClosed, verifyInterval, sealRecords, redaction, Optional.empty(), List.of());
    }

    public ChainSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(retentionMode, "retentionMode");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(redaction, "redaction");
        Objects.requireNonNull(rotation, "rotation");
        witnesses = List.copyOf(witnesses);
    }

    /** Whether the chain seals to a local directory rather than a bucket. */
    public boolean directoryStorage() {
        return storage instanceof StorageSettings.Directory;
    }
}
