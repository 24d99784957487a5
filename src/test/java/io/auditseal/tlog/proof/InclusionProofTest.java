package io.auditseal.tlog.proof;

import io.auditseal.tlog.ReferenceTree;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.auditseal.tlog.ReferenceTree.hex;
import static io.auditseal.tlog.ReferenceTree.hexes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InclusionProofTest {

    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    /** transparency-dev/merkle proof/verify_test.go inclusionProofs, with 0-based leaf indexes. */
    private static final List<Case> PUBLISHED = List.of(
            new Case(0, 1, List.of()),
            new Case(0, 8, hexes(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Case(5, 8, hexes(
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Case(2, 3, hexes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new Case(1, 5, hexes(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

    @Test
    void verify_publishedProofs_succeed() throws Exception {
        for (Case c : PUBLISHED) {
            InclusionProof.verify(HASHER, c.index, c.size, leafHash(c.index), c.proof, ReferenceTree.ROOTS.get((int) c.size));
        }
    }

    @Test
    void inclusion_referenceTree_buildsThePublishedProofs() {
        ProofBuilder builder = new ProofBuilder(referenceTree());
        for (Case c : PUBLISHED) {
            assertEquals(hexList(c.proof), hexList(builder.inclusion(c.index, c.size)), "proof " + c);
        }
    }

    @Test
    void verify_corruptedPublishedProofs_throw() {
        List<String> accepted = new ArrayList<>();
        for (Case c : PUBLISHED) {
            byte[] root = ReferenceTree.ROOTS.get((int) c.size);
            byte[] leaf = leafHash(c.index);
            for (ProofCorruptions.Variant v : ProofCorruptions.of(c.proof, new byte[32], root)) {
                if (accepts(c.index, c.size, leaf, v.proof(), root)) {
                    accepted.add(c + ": " + v.description());
                }
            }
            long[][] wrongPositions = {{c.index - 1, c.size}, {c.index + 1, c.size}, {c.index ^ 2, c.size},
                    {c.index, c.size * 2}, {c.index, c.size / 2}};
            for (long[] position : wrongPositions) {
                if (accepts(position[0], position[1], leaf, c.proof, root)) {
                    accepted.add(c + ": index " + position[0] + " size " + position[1]);
                }
            }
            if (accepts(c.index, c.size, HASHER.hashLeaf("WrongLeaf".getBytes()), c.proof, root)) {
                accepted.add(c + ": wrong leaf");
            }
            if (accepts(c.index, c.size, leaf, c.proof, HASHER.emptyRoot())) {
                accepted.add(c + ": empty tree root");
            }
        }
        assertEquals(List.of(), accepted, "corrupted proofs that verified");
    }

    @Test
    void verify_singleLeafTree_requiresRootEqualToLeafHash() throws Exception {
        byte[] leaf = HASHER.hashLeaf("leaf".getBytes());
        InclusionProof.verify(HASHER, 0, 1, leaf, List.of(), leaf);
        assertThrows(RootMismatchException.class,
                () -> InclusionProof.verify(HASHER, 0, 1, leaf, List.of(), HASHER.emptyRoot()));
        assertThrows(InvalidProofException.class, () -> InclusionProof.verify(HASHER, 0, 1, new byte[0], List.of(), leaf));
        assertThrows(InvalidProofException.class, () -> InclusionProof.verify(HASHER, 0, 1, leaf, List.of(), new byte[0]));
    }

    @Test
    void verify_indexOutsideTree_throws() {
        byte[] leaf = HASHER.hashLeaf("leaf".getBytes());
        long[][] positions = {{0, 0}, {1, 0}, {2, 1}, {8, 7}, {-1, 4}};
        for (long[] position : positions) {
            assertThrows(InvalidProofException.class,
                    () -> InclusionProof.verify(HASHER, position[0], position[1], leaf, List.of(), leaf),
                    "index " + position[0] + " size " + position[1]);
        }
    }

    @Test
    void verify_wrongProofLength_namesBothLengths() {
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> InclusionProof.verify(
                HASHER, 0, 8, leafHash(0), List.of(new byte[32]), ReferenceTree.ROOTS.get(8)));
        assertEquals("wrong inclusion proof size 1, want 3", e.getMessage());
    }

    @Test
    void rootMismatch_carriesBothRoots() {
        Case c = PUBLISHED.get(1);
        RootMismatchException e = assertThrows(RootMismatchException.class,
                () -> InclusionProof.verify(HASHER, c.index, c.size, leafHash(c.index), c.proof, HASHER.emptyRoot()));
        assertArrayEquals(HASHER.emptyRoot(), e.expectedRoot());
        assertArrayEquals(ReferenceTree.ROOTS.get(8), e.calculatedRoot());
    }

    @Test
    void randomTrees_everyProofVerifies_andEveryBitFlipFails() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("inclusion property seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 30; round++) {
            int size = 1 + random.nextInt(300);
            List<byte[]> leaves = RandomTrees.leafHashes(random, size);
            LeafHashTree tree = new LeafHashTree(HASHER, leaves);
            ProofBuilder builder = new ProofBuilder(tree);
            byte[] root = tree.rootOf(0, size);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = builder.inclusion(index, size);
                InclusionProof.verify(HASHER, index, size, leaves.get(index), proof, root);
            }
            int index = random.nextInt(size);
            List<byte[]> proof = builder.inclusion(index, size);
            for (ProofCorruptions.Variant v : ProofCorruptions.of(proof, new byte[32])) {
                assertTrue(!accepts(index, size, leaves.get(index), v.proof(), root),
                        "seed " + seed + ": index " + index + " size " + size + " " + v.description() + " verified");
            }
        }
    }

    private static boolean accepts(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        try {
            InclusionProof.verify(HASHER, index, size, leaf, proof, root);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    static LeafHashTree referenceTree() {
        return new LeafHashTree(HASHER, ReferenceTree.LEAVES.stream().map(HASHER::hashLeaf).toList());
    }

    private static byte[] leafHash(long index) {
        return HASHER.hashLeaf(ReferenceTree.LEAVES.get((int) index));
    }

    static List<String> hexList(List<byte[]> hashes) {
        return hashes.stream().map(ReferenceTree::hex).toList();
    }

    private record Case(long index, long size, List<byte[]> proof) {
        @Override
        public String toString() {
            return "leaf " + index + " of " + size;
        }
    }
}
