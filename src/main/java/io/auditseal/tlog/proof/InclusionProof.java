package io.auditseal.tlog.proof;

import io.auditseal.tlog.LogHasher;

import java.security.MessageDigest;
import java.util.List;

/** Verification of RFC 9162 section 2.1.3 inclusion proofs (audit paths), ordered from the leaf up. */
public final class InclusionProof {

    private InclusionProof() {
    }

    /**
     * Checks that the leaf at {@code index} with hash {@code leafHash} is in the tree of {@code size} leaves whose
     * root is {@code root}. Requires 0 <= index < size.
     *
     * @throws RootMismatchException if the proof is well formed but leads elsewhere
     * @throws InvalidProofException if the proof cannot be a proof for this index and size
     */
    public static void verify(LogHasher hasher, long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws InvalidProofException {
        byte[] calculated = rootFromInclusionProof(hasher, index, size, leafHash, proof);
        if (!MessageDigest.isEqual(calculated, root)) {
            throw new RootMismatchException("inclusion of leaf " + index + " in tree of size " + size, root, calculated);
        }
    }

    /**
     * The root that the proof implies for a tree of {@code size} leaves holding {@code leafHash} at {@code index},
     * without comparing it to anything. Requires 0 <= index < size.
     */
    public static byte[] rootFromInclusionProof(LogHasher hasher, long index, long size, byte[] leafHash,
                                                List<byte[]> proof) throws InvalidProofException {
        if (index < 0 || index >= size) {
            throw new InvalidProofException("index " + index + " is out of range for tree size " + size);
        }
        ProofHashes.checkLength(hasher, "leaf hash", leafHash);
        int want = expectedLength(index, size);
        if (proof.size() != want) {
            throw new InvalidProofException("wrong inclusion proof size " + proof.size() + ", want " + want);
        }
        ProofHashes.checkLengths(hasher, proof);

        // RFC 9162 section 2.1.3.2. fn walks up from the leaf, sn from the last leaf; where they meet, the path
        // leaves the right edge of the tree and the levels with no right sibling are skipped.
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new InvalidProofException("inclusion proof is longer than the path to the root");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.hashChildren(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = hasher.hashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            // Unreachable after the length check; kept as a logic-error guard.
            throw new IllegalStateException("logic error: inclusion proof ended below the root");
        }
        return r;
    }

    /**
     * Number of hashes in the audit path of leaf {@code index} in a tree of {@code size} leaves: one per level
     * below the point where the paths to {@code index} and to the last leaf split, plus one per left subtree that
     * the path passes above it.
     */
    static int expectedLength(long index, long size) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        int border = Long.bitCount(index >>> inner);
        return inner + border;
    }
}
