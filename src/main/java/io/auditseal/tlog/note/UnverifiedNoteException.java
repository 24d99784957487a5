package io.auditseal.tlog.note;

/** A well-formed note with no signature from any of the trusted keys. */
public final class UnverifiedNoteException extends NoteException {

    public UnverifiedNoteException(int signatureCount) {
        super("note has " + signatureCount + " signature(s), none by a trusted key");
    }
}
