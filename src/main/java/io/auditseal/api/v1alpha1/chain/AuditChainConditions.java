package io.auditseal.api.v1alpha1.chain;

/** Condition types and reasons of an AuditChain's status. */
public final class AuditChainConditions {

    /** StorageReady, Sealing and ChainIntact all hold. */
    public static final String READY = "Ready";
    /** The bucket (or directory) can hold seals: Object Lock and versioning as required. */
    public static final String STORAGE_READY = "StorageReady";
    /** The chain's sealer runs and its last attempt succeeded. */
    public static final String SEALING = "Sealing";
    /** Every AuditSeal of the chain verified, and none is missing. */
    public static final String CHAIN_INTACT = "ChainIntact";
    /**
     * Secret values and tokens are removed from every record before it is durable (the built-in redaction rules);
     * False is a warning, not a fault: Ready does not depend on it.
     */
    public static final String SECRETS_REDACTED = "SecretsRedacted";

    /**
     * Webhook requests are acknowledged once journaled. False while the chain cannot seal until an operator acts:
     * then audit batches get a retryable 503 instead of a promise nothing would keep.
     */
    public static final String ACCEPTING = "Accepting";

    /**
     * Every witness the chain names cosigned its latest checkpoint submitted. False names the witnesses that did not
     * and why; {@code ForkDetected} is an alarm: a witness holds a checkpoint of the chain's origin, signed with its
     * key, that its seals do not lead to. Ready does not depend on it.
     */
    public static final String WITNESSED = "Witnessed";

    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    public static final String REASON_STORAGE_VERIFIED = "StorageVerified";
    public static final String REASON_STORAGE_REFUSED = "StorageRefused";
    public static final String REASON_NOT_STARTED = "NotStarted";
    public static final String REASON_RUNNING = "Running";
    public static final String REASON_BACKING_OFF = "BackingOff";
    public static final String REASON_HALTED = "Halted";
    public static final String REASON_ALL_VERIFIED = "AllSealsVerified";
    public static final String REASON_SEAL_FAILED = "SealVerificationFailed";
    public static final String REASON_PENDING = "VerificationPending";
    public static final String REASON_READY = "Ready";
    public static final String REASON_NOT_READY = "NotReady";
    public static final String REASON_ERROR = "ReconcileError";
    public static final String REASON_JOURNALING = "Journaling";
    public static final String REASON_SEALING_HALTED = "SealingHalted";
    public static final String REASON_COSIGNED = "Cosigned";
    public static final String REASON_NOT_SUBMITTED = "NotSubmittedYet";
    public static final String REASON_WITNESS_UNREACHABLE = "WitnessUnreachable";
    public static final String REASON_WITNESS_REFUSED = "WitnessRefused";
    public static final String REASON_FORK_DETECTED = "ForkDetected";
    public static final String REASON_BUILT_IN_RULES = "BuiltInRules";
    public static final String REASON_BUILT_IN_RULES_OFF = "BuiltInRulesOff";

    private AuditChainConditions() {
    }
}
