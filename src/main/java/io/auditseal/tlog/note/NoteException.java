package io.auditseal.tlog.note;

/** A signed note or key that cannot be accepted. Subclasses say whether it was malformed or failed verification. */
public class NoteException extends Exception {

    public NoteException(String message) {
        super(message);
    }

    public NoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
