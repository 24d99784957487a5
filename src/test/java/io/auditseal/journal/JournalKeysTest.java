package io.auditseal.journal;

import io.auditseal.format.ChainId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalKeysTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    @Test
    void recordKey_isChainNulThenBigEndianSequence() {
        byte[] key = JournalKeys.recordKey(CHAIN, 0x0102L);

        assertArrayEquals(concat("prod/cluster-a\0".getBytes(UTF_8), new byte[] {0, 0, 0, 0, 0, 0, 1, 2}), key);
        assertEquals(0x0102L, JournalKeys.sequenceOf(key));
        assertEquals(CHAIN, JournalKeys.chainOfPrefix(JournalKeys.chainPrefixOf(key)));
    }

    @Test
    void recordKeys_sortInSequenceOrderUnderBytewiseComparison() {
        long[] sequences = {0, 1, 255, 256, 65_535, 1L << 40, Long.MAX_VALUE};
        for (int i = 1; i < sequences.length; i++) {
            assertTrue(Arrays.compareUnsigned(JournalKeys.recordKey(CHAIN, sequences[i - 1]),
                    JournalKeys.recordKey(CHAIN, sequences[i])) < 0, "at " + sequences[i]);
        }
    }

    @Test
    void dedupeKey_isChainIdStageJoinedByNul() {
        assertArrayEquals("prod/cluster-a\0abc\0ResponseComplete".getBytes(UTF_8),
                JournalKeys.dedupeKey(CHAIN, new DedupeKey("abc", "ResponseComplete")));
    }

    @Test
    void stateKeys_separateSealerStateFromNextSequence() {
        assertArrayEquals("prod/cluster-a".getBytes(UTF_8), JournalKeys.stateKey(CHAIN));
        assertArrayEquals("prod/cluster-a\0next".getBytes(UTF_8), JournalKeys.nextSequenceKey(CHAIN));
        assertTrue(JournalKeys.isNextSequenceKey(JournalKeys.nextSequenceKey(CHAIN)));
        assertFalse(JournalKeys.isNextSequenceKey(JournalKeys.stateKey(CHAIN)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
