package io.auditseal.operator.crd.v1alpha1.chain.spec;

/** S3 Object Lock retention modes. */
public enum RetentionMode {
    /** No one can delete a locked version or shorten its retention until it expires. */
    COMPLIANCE,
    /** Users with a special permission can bypass the lock: weaker, for testing and migrations. */
    GOVERNANCE
}
