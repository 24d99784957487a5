package io.auditseal.journal;

import io.auditseal.format.ChainId;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The stored form of a record: {@code version(1) acceptedAt(8, epoch millis) crc32c(4) payload}, the CRC32C
 * covering version, acceptedAt and payload. RocksDB checks its own blocks and WAL, but the envelope lets a read
 * prove that these bytes are exactly what append stored, so a torn or corrupted record is detected, never used.
 * Version 2 is version 1 for a record journaled under a dedupe key already accepted with other content (a reused
 * auditID), so the mark is covered by the CRC too.
 */
final class RecordEnvelope {

    static final byte VERSION = 1;
    static final byte VERSION_REUSED_KEY = 2;
    static final int HEADER_BYTES = 1 + Long.BYTES + Integer.BYTES;

    private RecordEnvelope() {
    }

    /** The envelope of {@code payload} accepted at {@code acceptedAtMillis}. */
    static byte[] encode(long acceptedAtMillis, byte[] payload) {
        return encode(acceptedAtMillis, payload, false);
    }

    /** The same, marked when its dedupe key was accepted before with other content. */
    static byte[] encode(long acceptedAtMillis, byte[] payload, boolean reusedKey) {
        byte version = reusedKey ? VERSION_REUSED_KEY : VERSION;
        ByteBuffer value = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        value.put(version).putLong(acceptedAtMillis);
        value.putInt(crc(version, acceptedAtMillis, payload, 0, payload.length));
        value.put(payload);
        return value.array();
    }

    /**
     * Checks and opens the stored {@code value} of record {@code sequence} of {@code chain}.
     *
     * @throws JournalCorruptedException if the value is short, of an unknown version, or fails its CRC
     */
    static JournalRecord decode(ChainId chain, long sequence, byte[] value) throws JournalCorruptedException {
        if (value.length < HEADER_BYTES) {
            throw corrupted(chain, sequence, "is " + value.length + " bytes, shorter than its header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte version = buffer.get();
        if (version != VERSION && version != VERSION_REUSED_KEY) {
            throw corrupted(chain, sequence, "has unknown envelope version " + version);
        }
        long acceptedAtMillis = buffer.getLong();
        int storedCrc = buffer.getInt();
        if (storedCrc != crc(version, acceptedAtMillis, value, HEADER_BYTES, value.length - HEADER_BYTES)) {
            throw corrupted(chain, sequence, "fails its CRC32C check");
        }
        return new JournalRecord(sequence, Instant.ofEpochMilli(acceptedAtMillis),
                Arrays.copyOfRange(value, HEADER_BYTES, value.length), version == VERSION_REUSED_KEY);
    }

    /** Payload bytes in a stored value, without checking it: what releasing it frees under the cap. */
    static long payloadLength(byte[] value) {
        return payloadLength(value.length);
    }

    /** The payload length of a stored value of {@code valueLength} bytes. */
    static long payloadLength(int valueLength) {
        return Math.max(0, valueLength - HEADER_BYTES);
    }

    private static int crc(byte version, long acceptedAtMillis, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(version);
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(acceptedAtMillis).flip());
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    private static JournalCorruptedException corrupted(ChainId chain, long sequence, String what) {
        return new JournalCorruptedException("journal record " + sequence + " of chain " + chain + " " + what);
    }
}
