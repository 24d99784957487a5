package io.auditseal.journal;

/** One record to journal: its bytes as received, and its dedupe identity. */
public record JournalEntry(DedupeKey dedupeKey, byte[] payload) {
}
