package io.auditseal.seal;

import io.auditseal.format.ChainHead;

import java.time.Duration;

/**
 * A seal assembled but not yet written: the head it extends, the journal records it holds (from
 * {@code fromJournalPosition} up to, not including, {@code nextJournalPosition}, whose payloads total
 * {@code journalBytes}), and how long canonicalising and assembling took. Valid only while the chain still stands at {@code basis} with its journal read position at
 * {@code fromJournalPosition}.
 */
record PreparedSeal(ChainHead basis, long fromJournalPosition, long nextJournalPosition, long journalBytes,
                    AssembledSeal seal, Duration canonicalize, Duration assemble) {

    /** The same seal with its events object under {@code eventsKey} ({@link AssembledSeal#withEventsKey}). */
    PreparedSeal withEventsKey(String eventsKey) {
        return new PreparedSeal(basis, fromJournalPosition, nextJournalPosition, journalBytes,
                seal.withEventsKey(eventsKey), canonicalize, assemble);
    }
}
