package io.auditseal.journal;

import java.util.Objects;

/**
 * One record to journal: its bytes, its dedupe identity, and the bytes that tell an exact repeat from another
 * record under the same identity ({@code identity}: the payload itself, unless the payload adds something of its
 * own to what was received, like the time an admission record was made).
 */
public record JournalEntry(DedupeKey dedupeKey, byte[] payload, byte[] identity) {

    public JournalEntry {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(identity, "identity");
    }

    /** An entry whose payload is exactly what was received. */
    public JournalEntry(DedupeKey dedupeKey, byte[] payload) {
        this(dedupeKey, payload, payload);
    }
}
