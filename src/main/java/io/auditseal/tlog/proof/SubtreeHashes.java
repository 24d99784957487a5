package io.auditseal.tlog.proof;

/** Access to the roots of subtrees of a log, from which proofs are built. */
@FunctionalInterface
public interface SubtreeHashes {

    /** MTH of the leaves [begin, end), the range of a node on some path of the tree. Requires begin < end. */
    byte[] rootOf(long begin, long end);
}
