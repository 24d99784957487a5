package io.auditseal.store;

/** S3 Object Lock modes, as the store sees them. */
public enum RetentionMode {
    COMPLIANCE,
    GOVERNANCE
}
