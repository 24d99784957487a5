package io.auditseal.hsm;

import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.note.SigningException;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.PKCS11Module;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PKCS#11 signer against a real token (SoftHSM2): its signatures verify with Bouncy Castle, and every key or
 * token it must not use is refused with a message that names the library, the token, the label and what was found.
 */
class Pkcs11SignerTest {

    private static final String ORIGIN = "auditseal/prod/cluster-a";
    private static SoftHsm.Token token;

    @BeforeAll
    static void tokenWithAKey() throws Exception {
        token = SoftHsm.newToken();
        Pkcs11Keygen.generate(token.config("good"), ORIGIN).close();
    }

    private static String where(String keyLabel) {
        return "key \"" + keyLabel + "\" on token \"" + token.label() + "\" of PKCS#11 library " + SoftHsm.LIBRARY;
    }

    @Test
    void sign_signaturesVerifyWithBouncyCastle_andACheckpointOpensWithTheVkey() throws Exception {
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("good"), ORIGIN)) {
            byte[] message = "a note's text\n".getBytes(StandardCharsets.UTF_8);
            byte[] signature = signer.sign(message);
            assertEquals(64, signature.length);
            // Bouncy Castle directly, with the public key the token reported...
            Ed25519Signer bc = new Ed25519Signer();
            bc.init(false, new Ed25519PublicKeyParameters(signer.verifier().publicKey(), 0));
            bc.update(message, 0, message.length);
            assertTrue(bc.verifySignature(signature));
            // ...and through the verifier key an auditor keeps, as text.
            NoteVerifier vkey = NoteVerifier.parse(signer.verifier().encode());
            vkey.verify(message, signature);

            Checkpoint checkpoint = new Checkpoint(ORIGIN, 7, new byte[32]);
            String note = SignedCheckpoint.sign(checkpoint, signer);
            assertEquals(7, SignedCheckpoint.open(note, vkey).size());
        }
    }

    @Test
    void sign_fromSeveralThreads_everySignatureVerifies() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("good"), ORIGIN)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int t = thread;
                results.add(pool.submit((Callable<Integer>) () -> {
                    for (int i = 0; i < 50; i++) {
                        byte[] message = ("thread " + t + " message " + i + "\n").getBytes(StandardCharsets.UTF_8);
                        signer.verifier().verify(message, signer.sign(message));
                    }
                    return 50;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(50, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void open_extractableKey_isRefused() throws Exception {
        TestKeys.pair(token, "extractable", "extractable", true, true);
        HsmException e = assertThrows(HsmException.class, () -> Pkcs11Signer.open(token.config("extractable"), ORIGIN));
        assertEquals(where("extractable") + ": the private key is extractable (CKA_EXTRACTABLE=true), so it can be "
                + "wrapped and taken out of the token; refused, since a checkpoint key must never leave it. Generate "
                + "one with auditseal keygen --pkcs11-library", e.getMessage());
    }

    @Test
    void open_keyNotSensitive_isRefused() throws Exception {
        TestKeys.pair(token, "readable", "readable", false, false);
        HsmException e = assertThrows(HsmException.class, () -> Pkcs11Signer.open(token.config("readable"), ORIGIN));
        assertTrue(e.getMessage().startsWith(where("readable") + ": the private key is not sensitive "
                + "(CKA_SENSITIVE=false)"), e.getMessage());
    }

    @Test
    void open_wrongPin_namesTheTokenAndTheError_andIsNotSentAgain() throws Exception {
        // A token of its own: no signer of this class may be logged in to it.
        SoftHsm.Token fresh = SoftHsm.newToken();
        Pkcs11Config wrong = new Pkcs11Config(SoftHsm.LIBRARY, fresh.selector(), "any", "0000-wrong".toCharArray());
        HsmException first = assertThrows(HsmException.class, () -> Pkcs11Signer.open(wrong, ORIGIN));
        assertEquals("token \"" + fresh.label() + "\" of PKCS#11 library " + SoftHsm.LIBRARY
                + " refused the login: CKR_PIN_INCORRECT", first.getMessage());
        HsmException again = assertThrows(HsmException.class, () -> Pkcs11Signer.open(wrong, ORIGIN));
        assertTrue(again.getMessage().contains("refused this PIN before; it is not sent again"), again.getMessage());
    }

    @Test
    void open_anotherPinWhileTheTokenIsLoggedIn_isRefused() throws Exception {
        // PKCS#11 itself would accept it: C_Login answers CKR_USER_ALREADY_LOGGED_IN without checking the PIN.
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("good"), ORIGIN)) {
            Pkcs11Config other = new Pkcs11Config(SoftHsm.LIBRARY, token.selector(), "good", "guessed".toCharArray());
            HsmException e = assertThrows(HsmException.class, () -> Pkcs11Signer.open(other, ORIGIN));
            assertTrue(e.getMessage().startsWith("token \"" + token.label() + "\" of PKCS#11 library " + SoftHsm.LIBRARY
                    + " is logged in by this process with another PIN"), e.getMessage());
            signer.sign(new byte[] {1});
        }
    }

    @Test
    void open_missingLabel_missingToken_outOfRangeSlot_areNamed() {
        HsmException label = assertThrows(HsmException.class, () -> Pkcs11Signer.open(token.config("absent"), ORIGIN));
        assertEquals(where("absent") + ": no private key has this label", label.getMessage());

        Pkcs11Config noToken = new Pkcs11Config(SoftHsm.LIBRARY, new TokenSelector.Label("no-such-token"), "good",
                SoftHsm.PIN.toCharArray());
        HsmException tokenMissing = assertThrows(HsmException.class, () -> Pkcs11Signer.open(noToken, ORIGIN));
        assertTrue(tokenMissing.getMessage().startsWith("PKCS#11 library " + SoftHsm.LIBRARY
                + " has no token labelled \"no-such-token\"; tokens: "), tokenMissing.getMessage());
        assertTrue(tokenMissing.getMessage().contains("\"" + token.label() + "\" (slot index "), tokenMissing.getMessage());

        Pkcs11Config farSlot = new Pkcs11Config(SoftHsm.LIBRARY, new TokenSelector.SlotIndex(1000), "good",
                SoftHsm.PIN.toCharArray());
        HsmException slot = assertThrows(HsmException.class, () -> Pkcs11Signer.open(farSlot, ORIGIN));
        assertTrue(slot.getMessage().matches("PKCS#11 library .* has \\d+ slots with a token, so no slot index 1000; "
                + "tokens: .*"), slot.getMessage());

        Pkcs11Config noLibrary = new Pkcs11Config(Path.of("/nonexistent/libpkcs11.so"), token.selector(), "good",
                SoftHsm.PIN.toCharArray());
        HsmException library = assertThrows(HsmException.class, () -> Pkcs11Signer.open(noLibrary, ORIGIN));
        assertTrue(library.getMessage().startsWith("PKCS#11 library /nonexistent/libpkcs11.so cannot be read"),
                library.getMessage());
    }

    @Test
    void open_twoKeyPairsUnderOneLabel_isRefused() throws Exception {
        TestKeys.pair(token, "twice", "twice", true, false);
        TestKeys.pair(token, "twice", "twice", true, false);
        HsmException e = assertThrows(HsmException.class, () -> Pkcs11Signer.open(token.config("twice"), ORIGIN));
        assertEquals(where("twice") + ": 2 private keys have this label; a label must name one key pair, so relabel "
                + "or delete the others", e.getMessage());
    }

    @Test
    void open_privateAndPublicKeyOfDifferentPairs_failsTheSelfTest() throws Exception {
        // Pair A's private key and pair B's public key carry the label "mixed".
        TestKeys.pair(token, "mixed", "unused-a", true, false);
        TestKeys.pair(token, "unused-b", "mixed", true, false);
        HsmException e = assertThrows(HsmException.class, () -> Pkcs11Signer.open(token.config("mixed"), ORIGIN));
        assertEquals(where("mixed") + ": the token's 64-byte signature does not verify with the key pair's public "
                + "key; not used", e.getMessage());
    }

    @Test
    void open_bySlotIndex_findsTheSameKey() throws Exception {
        PKCS11Module module = Pkcs11Modules.get(SoftHsm.LIBRARY);
        int index = 0;
        while (!module.getSlotList(true)[index].getToken().getTokenInfo().getLabel().strip().equals(token.label())) {
            index++;
        }
        Pkcs11Config bySlot = new Pkcs11Config(SoftHsm.LIBRARY, new TokenSelector.SlotIndex(index), "good",
                SoftHsm.PIN.toCharArray());
        try (Pkcs11Signer byIndex = Pkcs11Signer.open(bySlot, ORIGIN);
             Pkcs11Signer byLabel = Pkcs11Signer.open(token.config("good"), ORIGIN)) {
            assertEquals(byLabel.verifier().encode(), byIndex.verifier().encode());
        }
    }

    @Test
    void sign_afterClose_throwsSigningExceptionNamingTheKey() throws Exception {
        Pkcs11Signer signer = Pkcs11Signer.open(token.config("good"), ORIGIN);
        signer.close();
        SigningException e = assertThrows(SigningException.class, () -> signer.sign(new byte[] {1}));
        assertEquals(where("good") + ": the signer is closed", e.getMessage());
    }

    @Test
    void sign_keyGoneFromTheToken_throwsSigningExceptionNamingKeyTokenAndError() throws Exception {
        Pkcs11Keygen.generate(token.config("doomed"), ORIGIN).close();
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("doomed"), ORIGIN)) {
            TestKeys.destroy(token, TestKeys.privateKeys(token, "doomed")[0]);
            SigningException e = assertThrows(SigningException.class, () -> signer.sign(new byte[] {1}));
            assertTrue(e.getMessage().startsWith(where("doomed") + ": C_Sign failed: CKR_"), e.getMessage());
        }
    }
}
