package io.auditseal.journal;

import java.time.Instant;

/**
 * A durable record as the sealer reads it, at its position in the chain's journal queue; {@code reusedKey} when it
 * was journaled under a dedupe key (an event's auditID and stage) already accepted with other content.
 */
public record JournalRecord(long position, Instant acceptedAt, byte[] payload, boolean reusedKey) {

    /** A record under a key of its own. */
    public JournalRecord(long position, Instant acceptedAt, byte[] payload) {
        this(position, acceptedAt, payload, false);
    }
}
