package io.auditseal.journal;

/**
 * What {@link Journal#append} did: how many entries it stored, how many it dropped as exact repeats, and how many of
 * the stored ones came under a dedupe key already accepted with other content (a reused auditID).
 */
public record AppendResult(int accepted, int duplicates, int collisions) {

    public AppendResult(int accepted, int duplicates) {
        this(accepted, duplicates, 0);
    }

    /** What two appends did together. */
    public AppendResult plus(AppendResult other) {
        return new AppendResult(accepted + other.accepted, duplicates + other.duplicates,
                collisions + other.collisions);
    }
}
