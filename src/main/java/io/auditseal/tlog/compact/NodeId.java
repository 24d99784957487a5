package io.auditseal.tlog.compact;

/**
 * A node of the Merkle tree: the perfect subtree at {@code level} (0 for leaves) covering leaves
 * [index * 2^level, (index + 1) * 2^level).
 */
public record NodeId(int level, long index) {

    public NodeId {
        if (level < 0 || level > 63 || index < 0) {
            throw new IllegalArgumentException("invalid node: level " + level + ", index " + index);
        }
    }

    /** First leaf covered by this node. */
    public long begin() {
        return index << level;
    }

    /** One past the last leaf covered by this node. */
    public long end() {
        return (index + 1) << level;
    }
}
