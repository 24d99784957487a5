package io.auditseal.journal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the dedupe index keeps for one (id, stage): when it was last accepted and the SHA-256 of each content
 * accepted under it. kube-apiserver's retries resend identical bytes, but the auditID is the client's Audit-ID
 * header, so another request can bring the same (auditID, stage) with other content: only an exact repeat is a
 * duplicate (docs/INGEST.md).
 *
 * <pre>
 * acceptedAtMillis (8, big-endian) | sha256 (32) × n
 * </pre>
 * A value of 8 bytes alone was written before contents were kept; it cannot tell contents apart and counts as a
 * repeat of anything under its key, as it always did, until it leaves the window.
 */
record DedupeValue(long acceptedAtMillis, List<byte[]> digests) {

    /** Contents kept per key; past it the oldest are forgotten (a repeat of one is then sealed again, never lost). */
    static final int MAX_DIGESTS = 64;
    private static final int DIGEST_BYTES = 32;

    static DedupeValue decode(byte[] value) {
        if (value.length < Long.BYTES || (value.length - Long.BYTES) % DIGEST_BYTES != 0) {
            throw new IllegalArgumentException("dedupe value of " + value.length + " bytes is neither 8 + 32n");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        long acceptedAt = buffer.getLong();
        List<byte[]> digests = new ArrayList<>((value.length - Long.BYTES) / DIGEST_BYTES);
        while (buffer.hasRemaining()) {
            byte[] digest = new byte[DIGEST_BYTES];
            buffer.get(digest);
            digests.add(digest);
        }
        return new DedupeValue(acceptedAt, digests);
    }

    /** The value of a key seen for the first time: one content, {@code digest} (not copied: the caller's own). */
    static DedupeValue first(byte[] digest, long nowMillis) {
        return new DedupeValue(nowMillis, List.of(digest));
    }

    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES + DIGEST_BYTES * digests.size()).putLong(acceptedAtMillis);
        for (byte[] digest : digests) {
            buffer.put(digest);
        }
        return buffer.array();
    }

    /** Written before contents were kept: matches any content. */
    boolean legacy() {
        return digests.isEmpty();
    }

    /** Whether {@code digest} is a content accepted under this key (or this is a legacy value). */
    boolean holds(byte[] digest) {
        if (legacy()) {
            return true;
        }
        for (byte[] d : digests) {
            if (MessageDigest.isEqual(d, digest)) {
                return true;
            }
        }
        return false;
    }

    /** This value with {@code digest} added, accepted at {@code nowMillis}, keeping the newest {@link #MAX_DIGESTS}. */
    DedupeValue with(byte[] digest, long nowMillis) {
        List<byte[]> next = new ArrayList<>(digests);
        next.add(Arrays.copyOf(digest, digest.length));
        if (next.size() > MAX_DIGESTS) {
            next = new ArrayList<>(next.subList(next.size() - MAX_DIGESTS, next.size()));
        }
        return new DedupeValue(nowMillis, next);
    }
}
