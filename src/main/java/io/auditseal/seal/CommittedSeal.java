package io.auditseal.seal;

import io.auditseal.format.ChainId;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.SealManifest;
import io.auditseal.store.Retention;

import java.time.Duration;
import java.util.Optional;

/**
 * A seal that is written, read back and verified, and that the chain has advanced past (its state committed in the
 * journal, its records released): what the operator records as an AuditSeal resource.
 *
 * @param manifestSha256    SHA-256 of the manifest bytes
 * @param eventsVersionId   the store's version ID of the events object (null where unversioned)
 * @param manifestVersionId the store's version ID of the manifest
 * @param retention         the Object Lock retention read back from the store, if the store locks
 * @param adopted           true when this seal was found already written (after a crash) and adopted
 * @param timings           where the time went, for metrics
 * @param handover          the key rotation, when this seal hands the chain over to another key
 */
public record CommittedSeal(ChainId chain, SealManifest manifest, String manifestSha256, String eventsVersionId,
                            String manifestVersionId, Optional<Retention> retention, boolean adopted, Timings timings,
                            Optional<KeyRotation> handover) {

    public CommittedSeal(ChainId chain, SealManifest manifest, String manifestSha256, String eventsVersionId,
                         String manifestVersionId, Optional<Retention> retention, boolean adopted, Timings timings) {
        this(chain, manifest, manifestSha256, eventsVersionId, manifestVersionId, retention, adopted, timings,
                Optional.empty());
    }

    /** The same seal, known to be the hand-over {@code rotation}. */
    CommittedSeal handingOver(KeyRotation rotation) {
        return new CommittedSeal(chain, manifest, manifestSha256, eventsVersionId, manifestVersionId, retention, adopted,
                timings, Optional.of(rotation));
    }

    /** Time spent per phase of one seal. */
    public record Timings(Duration canonicalize, Duration assemble, Duration write, Duration readBack) {
    }
}
