package io.auditseal.journal;

/** A stored record failed its integrity check. The chain must stop: never seal or skip a damaged record. */
public final class JournalCorruptedException extends JournalException {

    public JournalCorruptedException(String message) {
        super(message);
    }
}
