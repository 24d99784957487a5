package io.auditseal.seal;

/**
 * The chain cannot continue without a person looking: storage holds a seal that does not match the journal, or
 * read-back found different bytes than were written. Sealing stops; records stay journaled; nothing is overwritten
 * or skipped.
 */
public final class SealingHaltedException extends Exception {

    public SealingHaltedException(String message) {
        super(message);
    }
}
