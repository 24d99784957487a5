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

    /**
     * The signed note for {@code checkpoint}, signed by each signer in order (a key hand-over is signed by the
     * previous and the next key). Requires every signer's key name to be the checkpoint's origin.
     */
    public static String sign(Checkpoint checkpoint, NoteSigner... signers) throws MalformedNoteException {
        for (NoteSigner signer : signers) {
            if (!signer.name().equals(checkpoint.origin())) {
                throw new IllegalArgumentException(
                        "key " + signer.name() + " cannot sign a checkpoint of origin " + checkpoint.origin());
            }
        }
        return SignedNote.sign(checkpoint.format(), signers);
    }

    /**
     * Verifies a checkpoint note with {@code verifier} and returns its body. The origin must be the verifier's key
     * name, so that a key cannot vouch for another log.
     */
    public static Checkpoint open(String note, NoteVerifier verifier) throws NoteException {
        return open(note, List.of(verifier)).checkpoint();
    }

    /** The checkpoint a note holds, its signatures not checked (see {@link SignedNote#text}). */
    public static Checkpoint unverified(String note) throws MalformedNoteException {
        return Checkpoint.parse(SignedNote.text(note));
    }

    /** A checkpoint and the trusted keys whose signatures on it verified. */
    public record Opened(Checkpoint checkpoint, OpenedNote note) {
    }

    /**
     * Verifies a checkpoint note with any of {@code trusted} (at least one must have signed it; every trusted
     * signature on it must verify) and returns its body and signatures. The origin must be the name of the keys
     * that signed it.
     */
    public static Opened open(String note, List<NoteVerifier> trusted) throws NoteException {
        OpenedNote opened = SignedNote.open(note, trusted);
        Checkpoint checkpoint = Checkpoint.parse(opened.text());
        for (var signature : opened.verified()) {
            if (!checkpoint.origin().equals(signature.keyName())) {
                throw new MalformedNoteException(
                        "checkpoint origin " + checkpoint.origin() + " is not the key name " + signature.keyName());
            }
        }
        return new Opened(checkpoint, opened);
    }
}
