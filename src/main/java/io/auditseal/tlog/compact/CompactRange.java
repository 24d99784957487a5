package io.auditseal.tlog.compact;

import io.auditseal.tlog.LogHasher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact form of the leaf range [begin, end) of a Merkle tree: the hashes of the fewest perfect subtrees that
 * exactly cover it, left to right. That is at most 2 * log2(end - begin) hashes, and for a range starting at 0 it is
 * the "frontier" from which the root of the whole tree is computed without keeping any leaf.
 *
 * <p>Appending a leaf merges it with the rightmost subtrees it completes, so each append costs one leaf hash plus,
 * on average, one node hash. Not thread-safe: a range belongs to one sequencer.
 */
public final class CompactRange {

    /** Trees are limited to 2^62 leaves, so that 2^level and every leaf index fit in a positive long. */
    static final int MAX_LEVEL = 62;

    private final LogHasher hasher;
    private final long begin;
    private long end;
    // Left to right, one hash per node of decompose(begin, end).
    private final ArrayList<byte[]> hashes;

    private CompactRange(LogHasher hasher, long begin, long end, List<byte[]> hashes) {
        this.hasher = hasher;
        this.begin = begin;
        this.end = end;
        this.hashes = new ArrayList<>(hashes.size() + 8);
        for (byte[] hash : hashes) {
            this.hashes.add(hash.clone());
        }
    }

    /** An empty range [0, 0): the state of a new log. */
    public static CompactRange empty(LogHasher hasher) {
        return new CompactRange(hasher, 0, 0, List.of());
    }

    /** An empty range [begin, begin), to which the leaves from {@code begin} on can be appended. */
    public static CompactRange emptyAt(LogHasher hasher, long begin) {
        checkBounds(begin, begin);
        return new CompactRange(hasher, begin, begin, List.of());
    }

    /**
     * Restores a range from its persisted form. Requires {@code hashes} to hold exactly one hash per node of
     * {@link #decompose(long, long)}, left to right, each {@link LogHasher#size()} bytes long.
     */
    public static CompactRange of(LogHasher hasher, long begin, long end, List<byte[]> hashes) {
        checkBounds(begin, end);
        int want = decompose(begin, end).size();
        if (hashes.size() != want) {
            throw new IllegalArgumentException(
                    "range [" + begin + ", " + end + ") has " + want + " nodes, got " + hashes.size() + " hashes");
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (hashes.get(i).length != hasher.size()) {
                throw new IllegalArgumentException(
                        "hash " + i + " is " + hashes.get(i).length + " bytes, want " + hasher.size());
            }
        }
        return new CompactRange(hasher, begin, end, hashes);
    }

    /**
     * The perfect subtrees that exactly cover [begin, end), left to right: the largest aligned subtree that fits at
     * each step. Requires 0 <= begin <= end <= 2^62.
     */
    public static List<NodeId> decompose(long begin, long end) {
        checkBounds(begin, end);
        List<NodeId> nodes = new ArrayList<>();
        long position = begin;
        while (position < end) {
            int level = position == 0 ? MAX_LEVEL : Math.min(Long.numberOfTrailingZeros(position), MAX_LEVEL);
            while ((1L << level) > end - position) {
                level--;
            }
            nodes.add(new NodeId(level, position >> level));
            position += 1L << level;
        }
        return nodes;
    }

    public long begin() {
        return begin;
    }

    public long end() {
        return end;
    }

    /** Copies of the node hashes, left to right, in the form {@link #of} restores. */
    public List<byte[]> hashes() {
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            copy.add(hash.clone());
        }
        return copy;
    }

    public CompactRange copy() {
        return new CompactRange(hasher, begin, end, hashes);
    }

    /** Appends the leaf at index {@link #end()}, whose leaf hash is {@code leafHash}. */
    public void append(byte[] leafHash, NodeVisitor visitor) {
        checkHash(leafHash);
        if (end >= 1L << MAX_LEVEL) {
            throw new IllegalStateException("tree is full at " + end + " leaves");
        }
        NodeId leaf = new NodeId(0, end);
        visitor.visit(leaf, leafHash);
        push(leaf, leafHash, visitor);
        end++;
    }

    /** Appends the leaves of {@code other}, which must start where this range ends. */
    public void appendRange(CompactRange other, NodeVisitor visitor) {
        if (other.begin != end) {
            throw new IllegalArgumentException(
                    "ranges are not adjacent: [" + begin + ", " + end + ") and [" + other.begin + ", " + other.end + ")");
        }
        List<NodeId> nodes = decompose(other.begin, other.end);
        for (int i = 0; i < nodes.size(); i++) {
            push(nodes.get(i), other.hashes.get(i), visitor);
        }
        end = other.end;
    }

    /** MTH of the leaves [0, end). Requires begin == 0. The empty tree's root is {@link LogHasher#emptyRoot()}. */
    public byte[] rootHash() {
        if (begin != 0) {
            throw new IllegalStateException("range [" + begin + ", " + end + ") is not a whole tree");
        }
        if (hashes.isEmpty()) {
            return hasher.emptyRoot();
        }
        // RFC 9162 section 2.1.1 splits at the largest power of two below n, so the nodes of [0, n) are exactly the
        // left subtrees on the path down the right edge: fold them from the right.
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = hasher.hashChildren(hashes.get(i), root);
        }
        return root;
    }

    /** Adds the node {@code id}, which starts at {@link #end()}, merging it with every left sibling it completes. */
    private void push(NodeId id, byte[] hash, NodeVisitor visitor) {
        int level = id.level();
        long index = id.index();
        // A right child whose left sibling lies inside the range completes a parent. Since the stored nodes are the
        // canonical cover of [begin, index << level), that sibling is the last stored hash.
        while ((index & 1) == 1 && ((index - 1) << level) >= begin) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = hasher.hashChildren(left, hash);
            level++;
            index >>= 1;
            visitor.visit(new NodeId(level, index), hash);
        }
        hashes.add(hash);
    }

    private void checkHash(byte[] hash) {
        if (hash.length != hasher.size()) {
            throw new IllegalArgumentException("hash is " + hash.length + " bytes, want " + hasher.size());
        }
    }

    private static void checkBounds(long begin, long end) {
        if (begin < 0 || begin > end || end > 1L << MAX_LEVEL) {
            throw new IllegalArgumentException("invalid range [" + begin + ", " + end + ")");
        }
    }

    @Override
    public String toString() {
        return "CompactRange[" + begin + ", " + end + ") " + hashes.size() + " nodes";
    }

    /** Equal when both cover the same range with the same node hashes. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CompactRange other) || other.begin != begin || other.end != end) {
            return false;
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (!Arrays.equals(hashes.get(i), other.hashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int result = Long.hashCode(begin) * 31 + Long.hashCode(end);
        for (byte[] hash : hashes) {
            result = result * 31 + Arrays.hashCode(hash);
        }
        return result;
    }
}
