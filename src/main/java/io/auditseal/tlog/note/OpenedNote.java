package io.auditseal.tlog.note;

import java.util.List;

/** A note whose signatures were checked: the text, the signatures by trusted keys, and the others (ignored). */
public record OpenedNote(String text, List<NoteSignature> verified, List<NoteSignature> unverified) {

    public OpenedNote {
        verified = List.copyOf(verified);
        unverified = List.copyOf(unverified);
    }
}
