package io.auditseal.journal;

import io.auditseal.format.ChainId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout of the journal's column families. Chain names are DNS-1123 labels joined by '/', so they never
 * contain 0x00, which therefore ends the chain part of every key:
 *
 * <pre>
 * records: chain 0x00 sequence(8 bytes, big-endian)   a chain's records are contiguous and in sequence order
 * dedupe:  chain 0x00 id 0x00 stage                   (UTF-8)
 * state:   chain                                      the sealer's opaque state
 *          chain 0x00 "next"                          the chain's next sequence, so numbers are never reused
 * </pre>
 *
 * Sequences are non-negative, so big-endian bytes sort in numeric order under RocksDB's bytewise comparator.
 */
final class JournalKeys {

    private static final byte SEPARATOR = 0x00;
    private static final byte[] NEXT_SEQUENCE_SUFFIX = "next".getBytes(StandardCharsets.UTF_8);

    private JournalKeys() {
    }

    /** {@code chain 0x00}: the prefix of all of a chain's record keys. */
    static byte[] chainPrefix(ChainId chain) {
        byte[] name = chainBytes(chain);
        byte[] prefix = Arrays.copyOf(name, name.length + 1);
        prefix[name.length] = SEPARATOR;
        return prefix;
    }

    /** The key of record {@code sequence} of {@code chain}; {@code sequence} must be non-negative. */
    static byte[] recordKey(ChainId chain, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " is negative");
        }
        byte[] prefix = chainPrefix(chain);
        return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(sequence).array();
    }

    /** The sequence of a record key made by {@link #recordKey}. */
    static long sequenceOf(byte[] recordKey) {
        return ByteBuffer.wrap(recordKey, recordKey.length - Long.BYTES, Long.BYTES).getLong();
    }

    /**
     * The chain part of a records or state key, including its 0x00 terminator, or {@code null} if the key has no
     * separator (a state key holding the sealer's state).
     */
    static byte[] chainPrefixOf(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == SEPARATOR) {
                return Arrays.copyOf(key, i + 1);
            }
        }
        return null;
    }

    /** Parses a prefix returned by {@link #chainPrefixOf}; throws IllegalArgumentException if it names no chain. */
    static ChainId chainOfPrefix(byte[] prefix) {
        return ChainId.parse(new String(prefix, 0, prefix.length - 1, StandardCharsets.UTF_8));
    }

    /**
     * {@code chain 0x00 id 0x00 stage}. Unambiguous as long as the stage holds no 0x00: kube-apiserver stages are
     * fixed words, and an id is a UUID or an HTTP header value, neither of which can hold 0x00.
     */
    static byte[] dedupeKey(ChainId chain, DedupeKey key) {
        byte[] prefix = chainPrefix(chain);
        byte[] id = key.id().getBytes(StandardCharsets.UTF_8);
        byte[] stage = key.stage().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(prefix.length + id.length + 1 + stage.length)
                .put(prefix).put(id).put(SEPARATOR).put(stage).array();
    }

    /** The key of the sealer's state for {@code chain}. */
    static byte[] stateKey(ChainId chain) {
        return chainBytes(chain);
    }

    /** The key of {@code chain}'s persisted next sequence. */
    static byte[] nextSequenceKey(ChainId chain) {
        byte[] prefix = chainPrefix(chain);
        return ByteBuffer.allocate(prefix.length + NEXT_SEQUENCE_SUFFIX.length)
                .put(prefix).put(NEXT_SEQUENCE_SUFFIX).array();
    }

    /** Whether a state key is a next-sequence key, as opposed to the sealer's state. */
    static boolean isNextSequenceKey(byte[] stateKey) {
        byte[] prefix = chainPrefixOf(stateKey);
        return prefix != null && Arrays.equals(stateKey, prefix.length, stateKey.length,
                NEXT_SEQUENCE_SUFFIX, 0, NEXT_SEQUENCE_SUFFIX.length);
    }

    /** Eight big-endian bytes: the encoding of sequences and epoch millis in values. */
    static byte[] longValue(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Reads {@link #longValue}; throws IllegalArgumentException if the value is not eight bytes. */
    static long longOf(byte[] value) {
        if (value.length != Long.BYTES) {
            throw new IllegalArgumentException("expected " + Long.BYTES + " bytes, found " + value.length);
        }
        return ByteBuffer.wrap(value).getLong();
    }

    private static byte[] chainBytes(ChainId chain) {
        return chain.toString().getBytes(StandardCharsets.UTF_8);
    }
}
