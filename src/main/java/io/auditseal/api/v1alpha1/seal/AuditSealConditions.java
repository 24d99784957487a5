package io.auditseal.api.v1alpha1.seal;

/** Condition types and reasons of an AuditSeal's status. */
public final class AuditSealConditions {

    /** The stored seal verifies and matches this record. */
    public static final String VERIFIED = "Verified";
    /** Both objects have one version, locked in the chain's mode at least as long as its retention. */
    public static final String LOCKED = "Locked";
    /** The seal extends the previous one (previous manifest digest and log consistency). */
    public static final String CHAIN_LINKED = "ChainLinked";

    public static final String REASON_VERIFIED = "Verified";
    public static final String REASON_DIGEST_MISMATCH = "DigestMismatch";
    public static final String REASON_OBJECT_MISSING = "ObjectMissing";
    public static final String REASON_RETENTION_SHORTENED = "RetentionShortened";
    public static final String REASON_NOT_LOCKED = "NotLocked";
    public static final String REASON_REWRITTEN = "Rewritten";
    public static final String REASON_SIGNATURE_INVALID = "SignatureInvalid";
    public static final String REASON_CHAIN_BROKEN = "ChainBroken";
    public static final String REASON_RECORD_MISMATCH = "RecordMismatch";
    public static final String REASON_LOCKED = "Locked";
    public static final String REASON_LINKED = "Linked";
    public static final String REASON_NOT_CHECKED = "NotChecked";
    public static final String REASON_CHAIN_UNAVAILABLE = "ChainUnavailable";
    public static final String REASON_STORAGE_UNAVAILABLE = "StorageUnavailable";

    private AuditSealConditions() {
    }
}
