package io.auditseal.tlog.checkpoint;

import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteSigner;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.note.OpenedNote;
import io.auditseal.tlog.note.SignedNote;

import java.util.List;

/** Checkpoints as signed notes whose key name is the log's origin. */
public final class SignedCheckpoint {

    private SignedCheckpoint() {
    }

    /** The signed note for {@code checkpoint}. Requires the signer's key name to be the checkpoint's origin. */
    public static String sign(Checkpoint checkpoint, NoteSigner signer) throws MalformedNoteException {
        if (!signer.name().equals(checkpoint.origin())) {
            throw new IllegalArgumentException(
                    "key " + signer.name() + " cannot sign a checkpoint of origin " + checkpoint.origin());
        }
        return SignedNote.sign(checkpoint.format(), signer);
    }

    /**
     * Verifies a checkpoint note with {@code verifier} and returns its body. The origin must be the verifier's key
     * name, so that a key cannot vouch for another log.
     */
    public static Checkpoint open(String note, NoteVerifier verifier) throws NoteException {
        OpenedNote opened = SignedNote.open(note, List.of(verifier));
        Checkpoint checkpoint = Checkpoint.parse(opened.text());
        if (!checkpoint.origin().equals(verifier.name())) {
            throw new MalformedNoteException(
                    "checkpoint origin " + checkpoint.origin() + " is not the key name " + verifier.name());
        }
        return checkpoint;
    }
}
