package io.auditseal.tlog.note;

/** Text that is not a well-formed signed note, key or signature line. */
public final class MalformedNoteException extends NoteException {

    public MalformedNoteException(String message) {
        super(message);
    }

    public MalformedNoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
