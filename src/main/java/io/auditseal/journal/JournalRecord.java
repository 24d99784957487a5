package io.auditseal.journal;

import java.time.Instant;

/** A durable record as the sealer reads it. */
public record JournalRecord(long sequence, Instant acceptedAt, byte[] payload) {
}
