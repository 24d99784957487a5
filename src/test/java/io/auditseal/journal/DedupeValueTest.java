package io.auditseal.journal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupeValueTest {

    private static byte[] digest(int n) {
        byte[] digest = new byte[32];
        digest[0] = (byte) n;
        digest[31] = (byte) (n >> 8);
        return digest;
    }

    @Test
    void encode_decode_roundTrips() {
        DedupeValue value = new DedupeValue(42, List.of()).with(digest(1), 100).with(digest(2), 200);
        DedupeValue decoded = DedupeValue.decode(value.encode());
        assertEquals(200, decoded.acceptedAtMillis());
        assertEquals(2, decoded.digests().size());
        assertArrayEquals(digest(2), decoded.digests().get(1));
        assertTrue(decoded.holds(digest(1)));
        assertFalse(decoded.holds(digest(3)));
    }

    @Test
    void decode_eightBytesWrittenBeforeContentsWereKept_holdsAnyContent() {
        DedupeValue legacy = DedupeValue.decode(ByteBuffer.allocate(8).putLong(7).array());
        assertTrue(legacy.legacy());
        assertTrue(legacy.holds(digest(9)));
        assertEquals(7, legacy.acceptedAtMillis());
    }

    @Test
    void with_pastTheLimit_forgetsTheOldestContent() {
        DedupeValue value = new DedupeValue(0, List.of());
        for (int i = 1; i <= DedupeValue.MAX_DIGESTS + 1; i++) {
            value = value.with(digest(i), i);
        }
        assertEquals(DedupeValue.MAX_DIGESTS, value.digests().size());
        assertFalse(value.holds(digest(1)));
        assertTrue(value.holds(digest(DedupeValue.MAX_DIGESTS + 1)));
    }

    @Test
    void decode_damaged_throws() {
        assertThrows(IllegalArgumentException.class, () -> DedupeValue.decode(new byte[7]));
        assertThrows(IllegalArgumentException.class, () -> DedupeValue.decode(new byte[8 + 31]));
    }
}
