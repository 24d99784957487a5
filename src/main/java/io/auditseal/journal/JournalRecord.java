package io.auditseal.journal;

import java.time.Instant;

/** A durable record as the sealer reads it, at its position in the chain's journal queue. */
public record JournalRecord(long position, Instant acceptedAt, byte[] payload) {
}
