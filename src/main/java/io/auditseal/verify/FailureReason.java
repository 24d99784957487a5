package io.auditseal.verify;

/** Why a seal failed verification. Stable codes: reports, CR conditions and metrics use them as they are. */
public enum FailureReason {
    /** manifest.json is not a well-formed canonical SealManifest. */
    MANIFEST_INVALID,
    /** The manifest names another chain or origin than the one being verified. */
    CHAIN_MISMATCH,
    /** The sequence is not the previous one plus one. */
    SEQUENCE_GAP,
    /** firstIndex is not the previous seal's treeSize, or treeSize is not firstIndex + recordCount. */
    INDEX_MISMATCH,
    /** previousManifestSha256 is not the digest of the previous manifest. */
    CHAIN_BROKEN,
    /** The events object's key is not the one the layout gives this sequence. */
    EVENTS_KEY_MISMATCH,
    /** A seal's manifest or events object is gone from storage. */
    OBJECT_MISSING,
    /** The events object's bytes do not have the manifest's size or SHA-256. */
    DIGEST_MISMATCH,
    /** The events object is not gzip of newline-terminated lines. */
    EVENTS_UNREADABLE,
    /** A line is not the RFC 8785 canonical form of a JSON object. */
    RECORD_NOT_CANONICAL,
    /** The events object holds another number of records than recordCount. */
    RECORD_COUNT_MISMATCH,
    /** The records do not hash to batchRoot. */
    BATCH_ROOT_MISMATCH,
    /** The records, appended to the log so far, do not give rootHash or compactRange. */
    ROOT_MISMATCH,
    /** The checkpoint is not signed by the trusted key, or its signature is invalid. */
    SIGNATURE_INVALID,
    /**
     * A seal claims to hand the chain over to another key and does not prove it: its KeyRotation record is not its
     * only record, names another previous key than the one the chain is signed with, or its checkpoint is not
     * signed by the next key as well.
     */
    KEY_HANDOVER_INVALID,
    /** The signed checkpoint names another origin, size or root than the manifest. */
    CHECKPOINT_MISMATCH,
    /** An object version has no Object Lock retention. */
    NOT_LOCKED,
    /** An object has more than one version (or a delete marker): it was overwritten or deleted after sealing. */
    REWRITTEN,
    /** An object version is locked in another mode, or until earlier, than the policy requires. */
    RETENTION_SHORTENED,
    /** The chain does not extend a checkpoint the auditor kept: truncated, rolled back or forked. */
    INCONSISTENT_WITH_TRUSTED_CHECKPOINT,
    /** No seal recent enough is cosigned by as many trusted witnesses as required. */
    NOT_WITNESSED
}
