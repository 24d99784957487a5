package io.auditseal.tlog.proof;

import io.auditseal.tlog.ReferenceTree;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.auditseal.tlog.ReferenceTree.hexes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyProofTest {

    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    /** transparency-dev/merkle proof/verify_test.go consistencyProofs. */
    private static final List<Case> PUBLISHED = List.of(
            new Case(1, 1, List.of()),
            new Case(1, 8, hexes(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Case(6, 8, hexes(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Case(2, 5, hexes(
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Case(6, 7, hexes(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    @Test
    void verify_publishedProofs_succeed() throws Exception {
        for (Case c : PUBLISHED) {
            ConsistencyProof.verify(HASHER, c.size1, c.size2, c.proof, root(c.size1), root(c.size2));
        }
    }

    @Test
    void consistency_referenceTree_buildsThePublishedProofs() {
        ProofBuilder builder = new ProofBuilder(InclusionProofTest.referenceTree());
        for (Case c : PUBLISHED) {
            assertEquals(InclusionProofTest.hexList(c.proof),
                    InclusionProofTest.hexList(builder.consistency(c.size1, c.size2)), c.toString());
        }
    }

    @Test
    void verify_corruptedPublishedProofs_throw() {
        List<String> accepted = new ArrayList<>();
        byte[] wrongRoot = HASHER.hashLeaf("WrongRoot".getBytes());
        for (Case c : PUBLISHED) {
            byte[] root1 = root(c.size1);
            byte[] root2 = root(c.size2);
            List<ProofCorruptions.Variant> variants = new ArrayList<>(
                    ProofCorruptions.of(c.proof, new byte[32], root1, root2));
            if (!c.proof.isEmpty()) {
                variants.add(new ProofCorruptions.Variant("empty proof", List.of()));
            }
            for (ProofCorruptions.Variant v : variants) {
                if (accepts(c.size1, c.size2, v.proof(), root1, root2)) {
                    accepted.add(c + ": " + v.description());
                }
            }
            long[][] wrongSizes = {{c.size1 - 1, c.size2}, {c.size1 + 1, c.size2}, {c.size1 ^ 2, c.size2},
                    {c.size1, c.size2 * 2}, {c.size1, c.size2 / 2}};
            for (long[] sizes : wrongSizes) {
                if ((sizes[0] != c.size1 || sizes[1] != c.size2) && sizes[0] > 0
                        && accepts(sizes[0], sizes[1], c.proof, root1, root2)) {
                    accepted.add(c + ": sizes " + sizes[0] + ", " + sizes[1]);
                }
            }
            if (accepts(c.size1, c.size2, c.proof, wrongRoot, root2)) {
                accepted.add(c + ": wrong root1");
            }
            if (accepts(c.size1, c.size2, c.proof, root1, wrongRoot)) {
                accepted.add(c + ": wrong root2");
            }
            if (c.size1 != c.size2 && accepts(c.size1, c.size2, c.proof, root2, root1)) {
                accepted.add(c + ": roots swapped");
            }
        }
        assertEquals(List.of(), accepted, "corrupted proofs that verified");
    }

    @Test
    void verify_edgeCases_followRfc9162() throws Exception {
        byte[] r1 = HASHER.hashLeaf("don't care 1".getBytes());
        byte[] r2 = HASHER.hashLeaf("don't care 2".getBytes());
        byte[] empty = HASHER.emptyRoot();
        // Equal sizes need equal roots and no proof; the empty tree is a prefix of every tree.
        ConsistencyProof.verify(HASHER, 0, 0, List.of(), r1, r1);
        ConsistencyProof.verify(HASHER, 0, 1, List.of(), r1, r2);
        ConsistencyProof.verify(HASHER, 1, 1, List.of(), r2, r2);
        Object[][] failures = {
                {0L, 0L, r1, r2, List.of()},
                {1L, 1L, r1, r2, List.of()},
                {1L, 0L, r1, r2, List.of()},
                {2L, 1L, r1, r2, List.of()},
                {1L, 2L, r1, r2, List.of()},
                {0L, 0L, empty, r2, List.of()},
                {1L, 1L, empty, r2, List.of()},
                {0L, 0L, empty, empty, List.of(empty)},
                {0L, 1L, empty, empty, List.of(empty)},
                {1L, 1L, empty, empty, List.of(empty)},
        };
        for (Object[] f : failures) {
            @SuppressWarnings("unchecked")
            List<byte[]> proof = (List<byte[]>) f[4];
            assertThrows(InvalidProofException.class,
                    () -> ConsistencyProof.verify(HASHER, (long) f[0], (long) f[1], proof, (byte[]) f[2], (byte[]) f[3]),
                    "sizes " + f[0] + ", " + f[1]);
        }
    }

    @Test
    void randomTrees_everyProofVerifies_andEveryBitFlipFails() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("consistency property seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int size2 = 1 + random.nextInt(200);
            List<byte[]> leaves = RandomTrees.leafHashes(random, size2);
            LeafHashTree tree = new LeafHashTree(HASHER, leaves);
            ProofBuilder builder = new ProofBuilder(tree);
            byte[] root2 = tree.rootOf(0, size2);
            for (int size1 = 1; size1 <= size2; size1++) {
                ConsistencyProof.verify(HASHER, size1, size2, builder.consistency(size1, size2), tree.rootOf(0, size1), root2);
            }
            int size1 = 1 + random.nextInt(size2);
            byte[] root1 = tree.rootOf(0, size1);
            List<byte[]> proof = builder.consistency(size1, size2);
            for (ProofCorruptions.Variant v : ProofCorruptions.of(proof, new byte[32])) {
                assertTrue(!accepts(size1, size2, v.proof(), root1, root2),
                        "seed " + seed + ": sizes " + size1 + ", " + size2 + " " + v.description() + " verified");
            }
        }
    }

    private static boolean accepts(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        try {
            ConsistencyProof.verify(HASHER, size1, size2, proof, root1, root2);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    private static byte[] root(long size) {
        return ReferenceTree.ROOTS.get((int) size);
    }

    private record Case(long size1, long size2, List<byte[]> proof) {
        @Override
        public String toString() {
            return "sizes " + size1 + ", " + size2;
        }
    }
}
