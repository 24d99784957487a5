package io.auditseal.journal;

import io.auditseal.format.ChainId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordEnvelopeTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    @Test
    void decode_ofEncoded_returnsPayloadAndAcceptedAt() throws Exception {
        byte[] value = RecordEnvelope.encode(1_700_000_000_123L, "payload".getBytes(UTF_8));

        JournalRecord record = RecordEnvelope.decode(CHAIN, 7, value);

        assertEquals(7, record.position());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), record.acceptedAt());
        assertArrayEquals("payload".getBytes(UTF_8), record.payload());
        assertEquals(7, RecordEnvelope.payloadLength(value));
    }

    @Test
    void decode_emptyPayload_roundTrips() throws Exception {
        assertEquals(0, RecordEnvelope.decode(CHAIN, 0, RecordEnvelope.encode(0, new byte[0])).payload().length);
    }

    @Test
    void decode_wrongVersion_throwsCorrupted() {
        byte[] value = RecordEnvelope.encode(1, "x".getBytes(UTF_8));
        value[0] = 3;

        JournalCorruptedException e = assertThrows(JournalCorruptedException.class,
                () -> RecordEnvelope.decode(CHAIN, 3, value));
        assertEquals("journal record 3 of chain prod/cluster-a has unknown envelope version 3", e.getMessage());
    }

    @Test
    void decode_reusedKeyMark_roundTripsAndIsCoveredByTheCrc() throws Exception {
        byte[] marked = RecordEnvelope.encode(1, "x".getBytes(UTF_8), true);
        assertTrue(RecordEnvelope.decode(CHAIN, 3, marked).reusedKey());
        assertFalse(RecordEnvelope.decode(CHAIN, 3, RecordEnvelope.encode(1, "x".getBytes(UTF_8))).reusedKey());
        // Flipping the mark off (or on) by hand breaks the CRC: a record cannot lose its mark unnoticed.
        marked[0] = RecordEnvelope.VERSION;
        assertThrows(JournalCorruptedException.class, () -> RecordEnvelope.decode(CHAIN, 3, marked));
    }

    @Test
    void decode_shorterThanHeader_throwsCorrupted() {
        byte[] value = new byte[RecordEnvelope.HEADER_BYTES - 1];
        value[0] = RecordEnvelope.VERSION;

        assertThrows(JournalCorruptedException.class, () -> RecordEnvelope.decode(CHAIN, 0, value));
    }

    @Test
    void decode_changedAcceptedAt_failsCrc() {
        byte[] value = RecordEnvelope.encode(1, "x".getBytes(UTF_8));
        value[8] ^= 0x01;

        JournalCorruptedException e = assertThrows(JournalCorruptedException.class,
                () -> RecordEnvelope.decode(CHAIN, 0, value));
        assertEquals("journal record 0 of chain prod/cluster-a fails its CRC32C check", e.getMessage());
    }
}
