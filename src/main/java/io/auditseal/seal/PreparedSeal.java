package io.auditseal.seal;

import io.auditseal.format.ChainHead;

import java.time.Duration;

/**
 * A seal assembled but not yet written: the head it extends, the journal records it holds (from
 * {@code fromJournalSequence} up to, not including, {@code nextJournalSequence}), and how long canonicalising and
 * assembling took. Valid only while the chain still stands at {@code basis} with its journal read position at
 * {@code fromJournalSequence}.
 */
record PreparedSeal(ChainHead basis, long fromJournalSequence, long nextJournalSequence, AssembledSeal seal,
                    Duration canonicalize, Duration assemble) {
}
