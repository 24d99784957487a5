package io.auditseal.tlog.note;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Vectors and behaviour from golang.org/x/mod/sumdb/note (note_test.go TestSign and TestOpen, example_test.go). */
class SignedNoteTest {

    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private final NoteVerifier peter = parseVerifier(Ed25519PrivateKeyTest.PETER_VKEY);
    private final NoteVerifier enoch = parseVerifier(Ed25519PrivateKeyTest.ENOCH_VKEY);

    @Test
    void sign_goExample_isByteIdentical() throws Exception {
        assertEquals(TEXT + "\n" + PETER_SIG, SignedNote.sign(TEXT, Ed25519PrivateKey.parse(Ed25519PrivateKeyTest.PETER_SKEY)));
    }

    @Test
    void sign_twoSigners_isGoDoublySignedExample() throws Exception {
        String note = SignedNote.sign(TEXT, Ed25519PrivateKey.parse(Ed25519PrivateKeyTest.PETER_SKEY), Ed25519PrivateKey.fromSeed("EnochRoot", new byte[32]));
        assertEquals(TEXT + "\n" + PETER_SIG + ENOCH_SIG, note);
    }

    @Test
    void open_oneTrustedKey_verifiesItAndIgnoresTheOther() throws Exception {
        OpenedNote opened = SignedNote.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(peter));
        assertEquals(TEXT, opened.text());
        assertEquals(List.of("PeterNeumann"), opened.verified().stream().map(NoteSignature::keyName).toList());
        assertEquals(List.of("EnochRoot"), opened.unverified().stream().map(NoteSignature::keyName).toList());
    }

    @Test
    void open_bothTrusted_verifiesBoth() throws Exception {
        OpenedNote opened = SignedNote.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(peter, enoch));
        assertEquals(2, opened.verified().size());
        assertEquals(0, opened.unverified().size());
    }

    @Test
    void open_noTrustedKey_throwsUnverified() {
        assertThrows(UnverifiedNoteException.class, () -> SignedNote.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of()));
        assertThrows(UnverifiedNoteException.class, () -> SignedNote.open(TEXT + "\n" + ENOCH_SIG, List.of(peter)));
    }

    @Test
    void open_sameNameOtherKeyId_isIgnoredNotVerified() throws Exception {
        // A signature sharing the name but not the key ID of a trusted key is from an unknown key.
        Ed25519PrivateKey impostor = Ed25519PrivateKey.fromSeed("PeterNeumann", new byte[32]);
        String forged = SignedNote.sign(TEXT, impostor);
        assertThrows(UnverifiedNoteException.class, () -> SignedNote.open(forged, List.of(peter)));
    }

    @Test
    void open_corruptSignatureOfTrustedKey_throwsInvalidSignature() {
        String corrupt = PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class,
                () -> SignedNote.open(TEXT + "\n" + corrupt, List.of(peter)));
        assertEquals("invalid signature for key PeterNeumann+c74f20a3", e.getMessage());
    }

    @Test
    void open_editedText_throwsInvalidSignature() {
        String edited = TEXT.replace("answer", "question");
        assertThrows(InvalidSignatureException.class, () -> SignedNote.open(edited + "\n" + PETER_SIG, List.of(peter)));
    }

    @Test
    void open_duplicateSignature_countsOnce() throws Exception {
        OpenedNote opened = SignedNote.open(TEXT + "\n" + PETER_SIG + PETER_SIG, List.of(peter));
        assertEquals(1, opened.verified().size());
    }

    @Test
    void open_moreThan100Signatures_throwsMalformed() {
        String many = TEXT + "\n" + PETER_SIG.repeat(101);
        assertThrows(MalformedNoteException.class, () -> SignedNote.open(many, List.of(peter)));
    }

    @Test
    void open_malformedNotes_throwMalformed() {
        List<String> malformed = List.of(
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIG,
                TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
                TEXT + "\n" + "- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                TEXT + "\n" + "\u2014 PeterNeumann x08g\n");
        for (String note : malformed) {
            assertThrows(MalformedNoteException.class, () -> SignedNote.open(note, List.of(peter)), note);
        }
    }

    @Test
    void open_invalidUtf8_throwsMalformed() {
        byte[] valid = (TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
        byte[] invalid = new byte[valid.length + 1];
        invalid[0] = (byte) 0xff;
        System.arraycopy(valid, 0, invalid, 1, valid.length);
        assertThrows(MalformedNoteException.class, () -> SignedNote.open(invalid, List.of(peter)));
    }

    @Test
    void open_textWithBlankLine_splitsAtTheLastOne() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed("poet", new byte[32]);
        String text = "first stanza\n\nsecond stanza\n";
        OpenedNote opened = SignedNote.open(SignedNote.sign(text, signer), List.of(signer.verifier()));
        assertEquals(text, opened.text());
    }

    @Test
    void sign_textWithoutFinalNewline_throws() {
        assertThrows(MalformedNoteException.class, () -> SignedNote.sign("abc", Ed25519PrivateKey.parse(Ed25519PrivateKeyTest.PETER_SKEY)));
    }

    private static NoteVerifier parseVerifier(String vkey) {
        try {
            return NoteVerifier.parse(vkey);
        } catch (MalformedNoteException e) {
            throw new AssertionError(e);
        }
    }
}
