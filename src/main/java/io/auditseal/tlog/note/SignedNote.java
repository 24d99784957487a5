package io.auditseal.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, one blank line, then one signature line
 * per signer. Each signature covers the text bytes, final newline included. The text may hold blank lines of its
 * own: the signatures start after the last one.
 *
 * <pre>
 * text line 1\n
 * ...\n
 * \n
 * — key-name base64(key id || signature)\n
 * </pre>
 */
public final class SignedNote {

    /** Opening more signatures than this is refused, bounding the work an attacker's note can cause. */
    static final int MAX_SIGNATURES = 100;

    private SignedNote() {
    }

    /** Signs {@code text} with every signer, in order, and returns the whole note. */
    public static String sign(String text, NoteSigner... signers) throws MalformedNoteException {
        checkText(text);
        if (signers.length == 0) {
            throw new IllegalArgumentException("a signed note needs at least one signer");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder note = new StringBuilder(text.length() + 128 * signers.length).append(text).append('\n');
        for (NoteSigner signer : signers) {
            note.append(new NoteSignature(signer.name(), signer.keyId(), signer.sign(message)).formatLine());
        }
        return note.toString();
    }

    /** {@link #open(String, Collection)} for a note read as bytes, which must be valid UTF-8. */
    public static OpenedNote open(byte[] note, Collection<NoteVerifier> trusted) throws NoteException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(note))
                    .toString();
            return open(text, trusted);
        } catch (CharacterCodingException e) {
            throw new MalformedNoteException("note is not valid UTF-8", e);
        }
    }

    /**
     * Parses {@code note} and checks its signatures against {@code trusted}. A signature whose key name and ID
     * match no trusted key is ignored, as the format requires; one that matches a trusted key must verify.
     *
     * @throws MalformedNoteException if the note is not well formed
     * @throws InvalidSignatureException if a signature by a trusted key does not verify
     * @throws UnverifiedNoteException if no trusted key signed the note
     */
    public static OpenedNote open(String note, Collection<NoteVerifier> trusted) throws NoteException {
        if (!note.endsWith("\n")) {
            throw new MalformedNoteException("note does not end in a newline");
        }
        checkNoControlCharacters(note);
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        String block = note.substring(split + 2);
        if (block.isEmpty()) {
            throw new MalformedNoteException("note has no signatures");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new MalformedNoteException("note has " + lines.length + " signatures, at most " + MAX_SIGNATURES);
        }

        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> verified = new ArrayList<>();
        List<NoteSignature> unverified = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            NoteSignature signature = NoteSignature.parseLine(line);
            NoteVerifier verifier = find(trusted, signature);
            if (verifier == null) {
                unverified.add(signature);
                continue;
            }
            verifier.verify(message, signature.signature());
            // A key that signed twice counts once.
            if (seen.add(signature.keyName() + "+" + KeyId.hex(signature.keyId()))) {
                verified.add(signature);
            }
        }
        if (verified.isEmpty()) {
            throw new UnverifiedNoteException(lines.length);
        }
        return new OpenedNote(text, verified, unverified);
    }

    /**
     * The text of a note, its signatures not checked: for a note whose signatures are checked elsewhere, or whose
     * text a cosigner signs (c2sp.org/tlog-cosignature).
     */
    public static String text(String note) throws MalformedNoteException {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        return text;
    }

    private static NoteVerifier find(Collection<NoteVerifier> trusted, NoteSignature signature) {
        for (NoteVerifier verifier : trusted) {
            if (verifier.keyId() == signature.keyId() && verifier.name().equals(signature.keyName())) {
                return verifier;
            }
        }
        return null;
    }

    /** Note text is non-empty, ends in a newline, and, like the whole note, holds no control characters but newline. */
    static void checkText(String text) throws MalformedNoteException {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new MalformedNoteException("note text must end in a newline");
        }
        checkNoControlCharacters(text);
    }

    private static void checkNoControlCharacters(String note) throws MalformedNoteException {
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new MalformedNoteException("note contains control character U+"
                        + String.format("%04X", (int) c) + " at offset " + i);
            }
        }
    }
}
