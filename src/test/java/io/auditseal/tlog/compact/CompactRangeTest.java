package io.auditseal.tlog.compact;

import io.auditseal.tlog.ReferenceTree;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.auditseal.tlog.ReferenceTree.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactRangeTest {

    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    @Test
    void rootHash_referenceTree_matchesPublishedRootsAtEverySize() {
        CompactRange range = CompactRange.empty(HASHER);
        assertEquals(hex(ReferenceTree.ROOTS.get(0)), hex(range.rootHash()));
        for (int size = 1; size <= 8; size++) {
            range.append(HASHER.hashLeaf(ReferenceTree.LEAVES.get(size - 1)), NodeVisitor.NONE);
            assertEquals(hex(ReferenceTree.ROOTS.get(size)), hex(range.rootHash()), "root at size " + size);
        }
    }

    @Test
    void append_referenceTree_visitsEveryPerfectSubtreeWithPublishedHash() {
        Map<NodeId, byte[]> visited = new HashMap<>();
        CompactRange range = CompactRange.empty(HASHER);
        for (byte[] leaf : ReferenceTree.LEAVES) {
            range.append(HASHER.hashLeaf(leaf), (id, hash) -> {
                byte[] previous = visited.put(id, hash);
                assertTrue(previous == null, "node " + id + " visited twice");
            });
        }
        assertEquals(15, visited.size());
        for (int level = 0; level < ReferenceTree.NODES.size(); level++) {
            for (int index = 0; index < ReferenceTree.NODES.get(level).size(); index++) {
                assertEquals(hex(ReferenceTree.NODES.get(level).get(index)), hex(visited.get(new NodeId(level, index))),
                        "node level " + level + " index " + index);
            }
        }
    }

    @Test
    void hashes_referenceTree_areTheCompactShapesOfConstantsGo() {
        // testonly/constants.go CompactTrees(): size 7 is {L2[0], L1[2], L0[6]}, size 6 is {L2[0], L1[2]}.
        CompactRange range = CompactRange.empty(HASHER);
        for (int i = 0; i < 7; i++) {
            range.append(HASHER.hashLeaf(ReferenceTree.LEAVES.get(i)), NodeVisitor.NONE);
        }
        List<byte[]> hashes = range.hashes();
        assertEquals(3, hashes.size());
        assertArrayEquals(ReferenceTree.NODES.get(2).get(0), hashes.get(0));
        assertArrayEquals(ReferenceTree.NODES.get(1).get(2), hashes.get(1));
        assertArrayEquals(ReferenceTree.NODES.get(0).get(6), hashes.get(2));
    }

    @Test
    void decompose_ranges_coverExactlyWithAlignedNodes() {
        assertEquals(List.of(), CompactRange.decompose(5, 5));
        assertEquals(List.of(new NodeId(2, 0), new NodeId(1, 2), new NodeId(0, 6)), CompactRange.decompose(0, 7));
        assertEquals(List.of(new NodeId(0, 3), new NodeId(2, 1), new NodeId(1, 4)), CompactRange.decompose(3, 10));
        for (long begin = 0; begin < 70; begin++) {
            for (long end = begin; end < 70; end++) {
                long position = begin;
                for (NodeId node : CompactRange.decompose(begin, end)) {
                    assertEquals(position, node.begin(), "gap in [" + begin + ", " + end + ")");
                    position = node.end();
                }
                assertEquals(end, position, "[" + begin + ", " + end + ") not covered");
            }
        }
    }

    @Test
    void of_persistedState_restoresAndContinues() {
        long seed = 20261126L;
        System.out.println("seed " + seed);
        List<byte[]> leafHashes = randomLeafHashes(new Random(seed), 300);
        CompactRange full = CompactRange.empty(HASHER);
        CompactRange first = CompactRange.empty(HASHER);
        for (int i = 0; i < 300; i++) {
            full.append(leafHashes.get(i), NodeVisitor.NONE);
            if (i < 123) {
                first.append(leafHashes.get(i), NodeVisitor.NONE);
            }
        }
        CompactRange restored = CompactRange.of(HASHER, first.begin(), first.end(), first.hashes());
        for (int i = 123; i < 300; i++) {
            restored.append(leafHashes.get(i), NodeVisitor.NONE);
        }
        assertEquals(full, restored);
        assertArrayEquals(full.rootHash(), restored.rootHash());
    }

    @Test
    void appendRange_randomSplits_equalsAppendingLeafByLeaf() {
        long seed = new Random().nextLong();
        System.out.println("appendRange_randomSplits seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int size = random.nextInt(200);
            List<byte[]> leafHashes = randomLeafHashes(random, size);
            CompactRange expected = CompactRange.empty(HASHER);
            leafHashes.forEach(h -> expected.append(h, NodeVisitor.NONE));

            // Cut [0, size) into random pieces, build each on its own, merge left to right.
            CompactRange merged = CompactRange.empty(HASHER);
            int position = 0;
            while (position < size) {
                int end = position + 1 + random.nextInt(size - position);
                CompactRange piece = CompactRange.emptyAt(HASHER, position);
                for (int i = position; i < end; i++) {
                    piece.append(leafHashes.get(i), NodeVisitor.NONE);
                }
                merged.appendRange(piece, NodeVisitor.NONE);
                position = end;
            }
            assertEquals(expected, merged, "seed " + seed + " round " + round + " size " + size);
            assertArrayEquals(expected.rootHash(), merged.rootHash());
        }
    }

    @Test
    void rootHash_randomSizes_matchesRecursiveDefinition() {
        Random random = new Random(7);
        for (int size = 0; size < 130; size++) {
            List<byte[]> leafHashes = randomLeafHashes(random, size);
            CompactRange range = CompactRange.empty(HASHER);
            leafHashes.forEach(h -> range.append(h, NodeVisitor.NONE));
            assertArrayEquals(mth(leafHashes), range.rootHash(), "size " + size);
        }
    }

    @Test
    void of_wrongHashCount_throws() {
        List<byte[]> twoHashes = List.of(new byte[32], new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> CompactRange.of(HASHER, 0, 7, twoHashes));
        assertThrows(IllegalArgumentException.class, () -> CompactRange.of(HASHER, 0, 3, List.of(new byte[32], new byte[31])));
        assertThrows(IllegalArgumentException.class, () -> CompactRange.of(HASHER, 5, 4, List.of()));
    }

    @Test
    void appendRange_notAdjacent_throws() {
        CompactRange left = CompactRange.empty(HASHER);
        left.append(new byte[32], NodeVisitor.NONE);
        CompactRange right = CompactRange.emptyAt(HASHER, 2);
        right.append(new byte[32], NodeVisitor.NONE);
        assertThrows(IllegalArgumentException.class, () -> left.appendRange(right, NodeVisitor.NONE));
    }

    @Test
    void rootHash_rangeNotStartingAtZero_throws() {
        CompactRange range = CompactRange.emptyAt(HASHER, 4);
        range.append(new byte[32], NodeVisitor.NONE);
        assertThrows(IllegalStateException.class, range::rootHash);
    }

    @Test
    void append_wrongHashLength_throws() {
        assertThrows(IllegalArgumentException.class, () -> CompactRange.empty(HASHER).append(new byte[31], NodeVisitor.NONE));
    }

    /** MTH straight from RFC 9162 section 2.1.1, over leaf hashes. */
    static byte[] mth(List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            return HASHER.emptyRoot();
        }
        if (n == 1) {
            return leafHashes.get(0);
        }
        int k = Integer.highestOneBit(n - 1);
        return HASHER.hashChildren(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, n)));
    }

    static List<byte[]> randomLeafHashes(Random random, int count) {
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            hashes.add(HASHER.hashLeaf(data));
        }
        return hashes;
    }
}
