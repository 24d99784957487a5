package io.auditseal.tlog.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds RFC 9162 inclusion and consistency proofs from a source of subtree roots. The hashes come out ordered
 * from the leaves up, as the verifiers in this package expect.
 */
public final class ProofBuilder {

    private final SubtreeHashes tree;

    public ProofBuilder(SubtreeHashes tree) {
        this.tree = tree;
    }

    /** PATH(index, D[0:size]), RFC 9162 section 2.1.3.1. Requires 0 <= index < size. */
    public List<byte[]> inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is out of range for tree size " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, size, proof);
        return proof;
    }

    /** PROOF(size1, D[0:size2]), RFC 9162 section 2.1.4.1. Requires 0 <= size1 <= size2; empty when equal or 0. */
    public List<byte[]> consistency(long size1, long size2) {
        if (size1 < 0 || size2 < size1) {
            throw new IllegalArgumentException("size1 " + size1 + " must be between 0 and size2 " + size2);
        }
        List<byte[]> proof = new ArrayList<>();
        if (size1 > 0 && size1 < size2) {
            subproof(size1, 0, size2, true, proof);
        }
        return proof;
    }

    /** Appends the audit path of leaf begin + m within D[begin:end], deepest hash first. */
    private void path(long m, long begin, long end, List<byte[]> out) {
        long n = end - begin;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, begin, begin + k, out);
            out.add(tree.rootOf(begin + k, end));
        } else {
            path(m - k, begin + k, end, out);
            out.add(tree.rootOf(begin, begin + k));
        }
    }

    /** SUBPROOF(m, D[begin:end], b): {@code whole} says whether D[begin:begin+m] is a subtree of the old tree. */
    private void subproof(long m, long begin, long end, boolean whole, List<byte[]> out) {
        long n = end - begin;
        if (m == n) {
            if (!whole) {
                out.add(tree.rootOf(begin, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, begin, begin + k, whole, out);
            out.add(tree.rootOf(begin + k, end));
        } else {
            subproof(m - k, begin + k, end, false, out);
            out.add(tree.rootOf(begin, begin + k));
        }
    }

    /** The k of RFC 9162: the largest power of two smaller than n. Requires n > 1. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
