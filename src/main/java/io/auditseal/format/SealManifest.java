package io.auditseal.format;

import java.time.Instant;
import java.util.List;

/**
 * What a seal's {@code manifest.json} says: which records it holds, where they sit in the chain's log, the log's
 * root and signed checkpoint after them, and the digest of the previous manifest. docs/FORMAT.md defines each field;
 * {@link ManifestCodec} reads and writes the JSON. Hashes are lowercase hex.
 *
 * @param chain                  {@code <namespace>/<name>}
 * @param origin                 the log's origin and checkpoint key name
 * @param sequence               0 for the chain's first seal, then +1 per seal
 * @param firstIndex             log index of the seal's first record: the previous seal's treeSize
 * @param treeSize               firstIndex + recordCount
 * @param firstTimestamp         when AuditSeal durably accepted the seal's first record (informational)
 * @param lastTimestamp          when it accepted the last one (informational)
 * @param batchRoot              RFC 6962 root of this seal's leaves as a tree of their own
 * @param rootHash               root of the chain's whole log at treeSize
 * @param compactRange           the log's compact range [0, treeSize): lets a verifier start at the next seal
 * @param previousManifestSha256 SHA-256 of the previous seal's manifest bytes; 64 zeros for sequence 0
 * @param checkpoint             the signed checkpoint note for (origin, treeSize, rootHash)
 * @param createdAt              when the seal was assembled
 */
public record SealManifest(
        String chain,
        String origin,
        long sequence,
        long firstIndex,
        long treeSize,
        long recordCount,
        Instant firstTimestamp,
        Instant lastTimestamp,
        EventsObject events,
        String batchRoot,
        String rootHash,
        List<String> compactRange,
        String previousManifestSha256,
        String checkpoint,
        Instant createdAt) {

    public static final String API_VERSION = "auditseal.io/v1alpha1";
    public static final String KIND = "SealManifest";
    /** previousManifestSha256 of sequence 0. */
    public static final String NO_PREVIOUS_MANIFEST = "0".repeat(64);

    public SealManifest {
        compactRange = List.copyOf(compactRange);
    }

    /** The gzip-compressed JSON Lines object holding the seal's records. */
    public record EventsObject(String key, String sha256, long size) {
    }
}
