package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.InvalidRecordException;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.ReusedAuditId;
import io.auditseal.format.UncanonicalRecord;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a chain's journaled records, in order and at most {@link #READ_CHUNK} records or {@link #READ_BYTES} at a
 * time, into a {@link SealBuilder}, so a seal's records are never all in memory. Safe to use from the sealing thread and the look-ahead at once: it keeps
 * no state between calls.
 */
final class BatchReader {

    /** Records are read and canonicalised at most this many at a time... */
    static final int READ_CHUNK = 500;
    /** ...and at most this many payload bytes (or one record, if it is larger). */
    static final long READ_BYTES = 8L << 20;

    private final ChainId chain;
    private final Journal journal;

    BatchReader(ChainId chain, Journal journal) {
        this.chain = chain;
        this.journal = journal;
    }

    /**
     * Journal records streamed into a seal: the journal position after them, their payload bytes, whether they
     * reached the limits they were read with, and the time spent.
     */
    record Batch(SealBuilder builder, long nextPosition, long bytes, boolean full, Duration canonicalize,
                 Duration assemble) {

        /** Signs and links the seal of these records, read from journal position {@code from} on after {@code basis}. */
        PreparedSeal finish(ChainHead basis, long from, Instant createdAt) {
            long t0 = System.nanoTime();
            AssembledSeal seal = builder.finish(createdAt);
            return new PreparedSeal(basis, from, nextPosition, bytes, seal, canonicalize,
                    assemble.plusNanos(System.nanoTime() - t0));
        }
    }

    /**
     * Streams records from journal position {@code from} on into {@code builder} until it holds {@code max}
     * records or the last one read takes their payloads to {@code maxBytes}.
     */
    Batch readInto(SealBuilder builder, long from, int max, long maxBytes) throws JournalException {
        long next = from;
        long bytes = 0;
        long canonicalize = 0;
        long assemble = 0;
        while (builder.count() < max && bytes < maxBytes) {
            int want = Math.min(READ_CHUNK, max - builder.count());
            long wantBytes = Math.min(READ_BYTES, maxBytes - bytes);
            List<JournalRecord> chunk = journal.read(chain, next, want, wantBytes);
            for (JournalRecord record : chunk) {
                bytes += record.payload().length;
            }
            long t0 = System.nanoTime();
            List<CanonicalRecord> canonical = canonical(chunk);
            long t1 = System.nanoTime();
            canonical.forEach(builder::add);
            canonicalize += t1 - t0;
            assemble += System.nanoTime() - t1;
            if (!chunk.isEmpty()) {
                next = chunk.get(chunk.size() - 1).position() + 1;
            }
            if (chunk.isEmpty()) {
                break;
            }
        }
        return new Batch(builder, next, bytes, builder.count() >= max || bytes >= maxBytes,
                Duration.ofNanos(canonicalize), Duration.ofNanos(assemble));
    }

    /**
     * The records as leaves. Ingest only accepts JSON that canonicalises; should one still fail, it is sealed
     * wrapped as an {@link UncanonicalRecord}, so that nothing acknowledged is ever dropped.
     */
    private static List<CanonicalRecord> canonical(List<JournalRecord> records) {
        List<CanonicalRecord> leaves = new ArrayList<>(records.size());
        for (JournalRecord record : records) {
            leaves.add(new CanonicalRecord(leafData(record), record.acceptedAt()));
        }
        return leaves;
    }

    /**
     * The bytes a journal record is sealed as: its canonical JSON, or its UncanonicalRecord wrapper; marked when its
     * auditID was reused ({@link ReusedAuditId}).
     */
    static byte[] leafData(JournalRecord record) {
        byte[] canonical;
        try {
            canonical = RecordCanonicalizer.canonicalize(record.payload());
        } catch (InvalidRecordException e) {
            return UncanonicalRecord.wrap(record.payload(), e.getMessage(), record.reusedKey());
        }
        return record.reusedKey() ? ReusedAuditId.mark(canonical) : canonical;
    }
}
