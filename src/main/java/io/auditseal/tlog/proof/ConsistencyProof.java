package io.auditseal.tlog.proof;

import io.auditseal.tlog.LogHasher;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Verification of RFC 9162 section 2.1.4 consistency proofs between two sizes of one append-only tree. */
public final class ConsistencyProof {

    private ConsistencyProof() {
    }

    /**
     * Checks that the tree of {@code size1} leaves with root {@code root1} is a prefix of the tree of {@code size2}
     * leaves with root {@code root2}. Requires 0 <= size1 <= size2. An empty tree is a prefix of every tree, and
     * equal sizes need an empty proof and equal roots.
     *
     * @throws RootMismatchException if the proof is well formed but does not lead to both roots
     * @throws InvalidProofException if the proof cannot be a proof for these sizes
     */
    public static void verify(LogHasher hasher, long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
            throws InvalidProofException {
        ProofHashes.checkLength(hasher, "second root", root2);
        if (size1 == 0 && size2 > 0) {
            // Every tree extends the empty tree; RFC 9162 sends no proof for it.
            if (!proof.isEmpty()) {
                throw new InvalidProofException("wrong consistency proof size " + proof.size() + ", want 0");
            }
            return;
        }
        byte[] calculated = rootFromConsistencyProof(hasher, size1, size2, proof, root1);
        if (!MessageDigest.isEqual(calculated, root2)) {
            throw new RootMismatchException("consistency of size " + size1 + " with size " + size2, root2, calculated);
        }
    }

    /**
     * The root of the tree of {@code size2} leaves that the proof implies, after checking that the proof also
     * leads to {@code root1} for {@code size1}. For size1 == 0 the proof must be empty and proves nothing about
     * the larger tree, so the result is undefined and this method throws; callers verify that case by definition.
     */
    public static byte[] rootFromConsistencyProof(LogHasher hasher, long size1, long size2, List<byte[]> proof,
                                                  byte[] root1) throws InvalidProofException {
        if (size1 < 0 || size2 < size1) {
            throw new InvalidProofException("size1 " + size1 + " must be between 0 and size2 " + size2);
        }
        ProofHashes.checkLength(hasher, "first root", root1);
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException("wrong consistency proof size " + proof.size() + ", want 0");
            }
            return root1.clone();
        }
        if (size1 == 0) {
            throw new InvalidProofException("a consistency proof from the empty tree carries no root");
        }
        int want = expectedLength(size1, size2);
        if (proof.size() != want) {
            throw new InvalidProofException("wrong consistency proof size " + proof.size() + ", want " + want);
        }
        ProofHashes.checkLengths(hasher, proof);

        // RFC 9162 section 2.1.4.2. When size1 is a power of two, the old tree is itself a node of the new one and
        // its root is the start of the path.
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(size1) == 1) {
            path.add(root1);
        }
        path.addAll(proof);

        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                throw new InvalidProofException("consistency proof is longer than the path to the root");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.hashChildren(c, fr);
                sr = hasher.hashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = hasher.hashChildren(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            // Unreachable after the length check; kept as a logic-error guard.
            throw new IllegalStateException("logic error: consistency proof ended below the root");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw new RootMismatchException("consistency proof for size " + size1, root1, fr);
        }
        return sr;
    }

    /**
     * Number of hashes in the consistency proof from size1 to size2, for 0 < size1 < size2. The old tree's
     * rightmost node (its largest perfect subtree at the right edge) is where both paths start: its own hash is
     * sent unless it is the whole old tree, then its audit path in the new tree follows.
     */
    static int expectedLength(long size1, long size2) {
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >>> level;
        int inner = 64 - Long.numberOfLeadingZeros(index ^ ((size2 - 1) >>> level));
        int border = Long.bitCount(index >>> inner);
        int start = index == 0 ? 0 : 1;
        return start + inner + border;
    }
}
