package io.auditseal.journal;

import io.auditseal.format.ChainId;

import java.util.List;
import java.util.Optional;

/**
 * Durable write-ahead storage for accepted records, one ordered queue per chain, with dedupe. The webhook
 * acknowledges a batch only after {@link #append} returns; the sealer reads records in order and releases them
 * once they are sealed and verified.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #append} MUST NOT return before every accepted entry is durable (synced to stable storage). It is
 *       all-or-nothing: after a crash at any point, either every accepted entry of the call is present or none is.</li>
 *   <li>An entry whose {@link DedupeKey} was accepted for the same chain within the dedupe window is dropped and
 *       counted as a duplicate, not stored again; this holds across restarts and for concurrent calls. A duplicate
 *       of an entry still being written is reported only once that write is durable.</li>
 *   <li>Each accepted entry gets a position in its chain's queue, increasing in the order entries became durable
 *       ("position", so that "sequence" means only a seal's number). {@link #read} returns only durable records,
 *       in position order, never skipping one that a later read could return (positions may have gaps, e.g. where
 *       a crashed write left nothing).</li>
 *   <li>A record that fails its integrity check on read (a torn or corrupted write) raises
 *       {@link JournalCorruptedException}; it is never silently returned or skipped.</li>
 *   <li>Safe to call concurrently from many threads.</li>
 * </ul>
 */
public interface Journal extends AutoCloseable {

    /**
     * Durably appends {@code entries} to {@code chain}'s queue, in order, dropping duplicates.
     *
     * @throws JournalFullException if the unreleased records would exceed the configured disk cap; nothing is written
     * @throws JournalException     if the write failed; nothing of this call is acknowledged
     */
    AppendResult append(ChainId chain, List<JournalEntry> entries) throws JournalException;

    /** Up to {@code maxRecords} durable records of {@code chain} at positions >= {@code fromPosition}, in order. */
    default List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords) throws JournalException {
        return read(chain, fromPosition, maxRecords, Long.MAX_VALUE);
    }

    /**
     * As {@link #read(ChainId, long, int)}, and stops before the record that would take the payloads returned past
     * {@code maxBytes}; the first record is returned whatever its size, so a reader always makes progress. Memory
     * is bounded by bytes, not by a count of records that may each be large.
     */
    List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes) throws JournalException;

    /** Deletes {@code chain}'s records at positions < {@code beforePosition}: they are sealed. Dedupe entries stay. */
    void release(ChainId chain, long beforePosition) throws JournalException;

    /** Durably stores the sealer's state for {@code chain}, opaque to the journal. */
    void putChainState(ChainId chain, byte[] state) throws JournalException;

    /** The state last stored with {@link #putChainState}, if any. */
    Optional<byte[]> chainState(ChainId chain) throws JournalException;

    /** Payload bytes of records not yet released, over all chains: what the disk cap limits. */
    long pendingBytes();

    /**
     * Whether the journal refuses appends for its cap: true from an append refused with {@link JournalFullException}
     * until an append is accepted or records are released.
     */
    boolean refusing();

    /** Records of {@code chain} not yet released. */
    long pendingRecords(ChainId chain);

    /** Payload bytes of {@code chain}'s records not yet released. */
    long pendingBytes(ChainId chain);

    @Override
    void close();
}
