package io.auditseal.store;

/** S3 Object Lock retention modes; the AuditChain spec names them too, so there is one enum for both. */
public enum RetentionMode {
    /** No one can delete a locked version or shorten its retention until it expires. */
    COMPLIANCE,
    /** Users with a special permission can bypass the lock: weaker, for testing and migrations. */
    GOVERNANCE
}
