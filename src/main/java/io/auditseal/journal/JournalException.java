package io.auditseal.journal;

/** The journal could not do what was asked; for append, nothing of the call may be acknowledged. */
public class JournalException extends Exception {

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
