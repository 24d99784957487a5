package io.auditseal.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The request body as the framer's JSON parser reads it, keeping only the bytes still needed: those of the item
 * being framed (up to the record limit) and the parser's last two reads. So a batch of any size streams through in
 * bounded memory, and each item's exact bytes can still be copied out.
 *
 * <p>An item that grows past the record limit <em>overflows</em>: from then on its bytes go into a SHA-256 as they
 * are dropped, the complete members read before the overflow are kept as {@link #prefix()}, and each later member
 * is kept only while it stays under the member limit. (The parser reads ahead, so an item up to one read over the
 * limit may end without overflowing; it is all held, and the framer reduces it itself.) {@link EventListParser} turns that into an
 * {@link OversizeEvent}.
 *
 * <p>Offsets are absolute byte offsets in the stream, as Jackson reports them. Not thread-safe.
 */
final class ItemCapture extends InputStream {

    private static final long NONE = Long.MAX_VALUE;

    private final InputStream in;
    private final long recordLimit;
    private final long memberLimit;

    // window[0] is the byte at windowStart; offset is the next byte to hand out.
    private byte[] window = new byte[64 * 1024];
    private int windowLength;
    private long windowStart;
    private long offset;
    // Starts of the last two reads: the parser's current token lies in them.
    private long lastRead;
    private long readBefore;

    // What is kept: every byte from keepFrom on, while there are at most keepLimit of them.
    private long keepFrom = NONE;
    private long keepLimit;

    private long itemStart = NONE;
    private long memberStart = NONE;
    private boolean overflowed;
    private byte[] prefix;
    private MessageDigest digest;
    private long digested;

    ItemCapture(InputStream in, long recordLimit, long memberLimit) {
        this.in = in;
        this.recordLimit = recordLimit;
        this.memberLimit = memberLimit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n <= 0) {
            return n;
        }
        readBefore = lastRead;
        lastRead = offset;
        append(buffer, off, n);
        offset += n;
        checkLimits();
        drop(Math.min(keepFrom, readBefore));
        return n;
    }

    /** The item starting at {@code start} (its opening brace) is being framed: keep its bytes. */
    void beginItem(long start) {
        itemStart = start;
        memberStart = start + 1;
        overflowed = false;
        prefix = null;
        digest = null;
        keep(start, recordLimit);
    }

    /** The item's next member starts at {@code start} (its name); once the item overflowed, it alone is kept. */
    void beginMember(long start) {
        memberStart = start;
        if (overflowed) {
            // A name that spanned more than the parser's last two reads is already partly dropped.
            keep(start >= windowStart ? start : NONE, memberLimit);
        }
    }

    /** Whether the current item grew past the record limit. */
    boolean overflowed() {
        return overflowed;
    }

    /** Of an overflowed item: its bytes from its opening brace up to the member it overflowed in. */
    byte[] prefix() {
        return prefix;
    }

    /** Of an overflowed item: the member ending at {@code end}, unless it is over the member limit (null). */
    byte[] keptMember(long end) {
        return overflowed && keepFrom == memberStart && memberStart >= windowStart && end - memberStart <= memberLimit
                ? copy(memberStart, end) : null;
    }

    /** The largest item kept whole. */
    long recordLimit() {
        return recordLimit;
    }

    /** The bytes {@code [from, to)}, which must be held. */
    byte[] copy(long from, long to) {
        if (from < windowStart || to > offset || from > to) {
            throw new IllegalStateException("logic error: bytes " + from + "-" + to + " are not held (window "
                    + windowStart + "-" + offset + ")");
        }
        int start = Math.toIntExact(from - windowStart);
        return Arrays.copyOfRange(window, start, start + Math.toIntExact(to - from));
    }

    /** Ends an overflowed item at {@code end}: the SHA-256 of all its bytes. */
    byte[] endOverflowed(long end) {
        digestUpTo(end);
        byte[] sha256 = digest.digest();
        endItem();
        return sha256;
    }

    /** Ends the current item: nothing more of it is kept. */
    void endItem() {
        itemStart = NONE;
        memberStart = NONE;
        overflowed = false;
        prefix = null;
        digest = null;
        keepFrom = NONE;
    }

    private void keep(long from, long limit) {
        keepFrom = from;
        keepLimit = limit;
        checkLimits();
    }

    /**
     * Once the parser is past {@code keepFrom + keepLimit} (it asks for more only when it consumed everything read
     * before, so that is certain from {@code lastRead} on), what is kept is too large: for an item, it overflows;
     * for a member of an overflowed item, it is left out.
     */
    private void checkLimits() {
        if (keepFrom == NONE || lastRead - keepFrom <= keepLimit) {
            return;
        }
        if (!overflowed && itemStart != NONE) {
            overflowed = true;
            digest = sha256();
            digested = itemStart;
            prefix = copy(itemStart, Math.max(itemStart, Math.min(memberStart, offset)));
            // The member it overflowed in may still be small, the rest of the item being large.
            keepFrom = memberStart;
            keepLimit = memberLimit;
            if (memberStart >= windowStart && lastRead - memberStart <= memberLimit) {
                return;
            }
        }
        keepFrom = NONE;
    }

    /** Forgets the bytes before {@code from}, digesting those of an overflowed item first. */
    private void drop(long from) {
        long start = Math.min(from, offset);
        if (start <= windowStart) {
            return;
        }
        digestUpTo(start);
        int dropped = Math.toIntExact(start - windowStart);
        System.arraycopy(window, dropped, window, 0, windowLength - dropped);
        windowLength -= dropped;
        windowStart = start;
    }

    private void digestUpTo(long end) {
        if (digest == null || end <= digested) {
            return;
        }
        int from = Math.toIntExact(digested - windowStart);
        digest.update(window, from, Math.toIntExact(end - digested));
        digested = end;
    }

    /** The largest the buffer of held bytes grew: what the memory bound is about. */
    long peakHeld() {
        return window.length;
    }

    private void append(byte[] buffer, int off, int n) {
        if (windowLength + n > window.length) {
            window = Arrays.copyOf(window, Math.max(window.length * 2, windowLength + n));
        }
        System.arraycopy(buffer, off, window, windowLength, n);
        windowLength += n;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
