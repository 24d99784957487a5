package io.auditseal.tlog.proof;

import io.auditseal.tlog.LogHasher;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;

import java.util.ArrayList;
import java.util.List;

/**
 * Subtree roots computed from the leaf hashes of a whole log held in memory. Each root costs O(end - begin) hashes,
 * so building one proof costs O(size): fine for a verifier that reads every leaf anyway.
 */
public final class LeafHashTree implements SubtreeHashes {

    private final LogHasher hasher;
    private final List<byte[]> leafHashes;

    public LeafHashTree(LogHasher hasher, List<byte[]> leafHashes) {
        this.hasher = hasher;
        this.leafHashes = new ArrayList<>(leafHashes);
    }

    public long size() {
        return leafHashes.size();
    }

    @Override
    public byte[] rootOf(long begin, long end) {
        if (begin < 0 || begin >= end || end > leafHashes.size()) {
            throw new IllegalArgumentException(
                    "range [" + begin + ", " + end + ") is not inside the tree of size " + leafHashes.size());
        }
        // The range as a tree of its own has the same shape as the node of the big tree that covers it: RFC 9162
        // only ever asks for ranges that start at a multiple of a power of two at least as large as the range.
        CompactRange range = CompactRange.empty(hasher);
        for (int i = (int) begin; i < end; i++) {
            range.append(leafHashes.get(i), NodeVisitor.NONE);
        }
        return range.rootHash();
    }
}
