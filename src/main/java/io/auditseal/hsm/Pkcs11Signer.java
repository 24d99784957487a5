package io.auditseal.hsm;

import io.auditseal.tlog.note.InvalidSignatureException;
import io.auditseal.tlog.note.KeyId;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteSigner;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.note.SigningException;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.TokenException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A note signer whose Ed25519 private key stays in a PKCS#11 token: it signs with CKM_EDDSA in the token and checks
 * each signature with the public key before returning it, so a faulty token can never put a bad signature into a
 * checkpoint. Safe to use from several threads (each signature borrows a session from the token's pool). Close it
 * when it is no longer used: the token is logged out when its last signer closes.
 */
public final class Pkcs11Signer implements NoteSigner, AutoCloseable {

    /** Signed and verified once at open: proves that the private and the public key of the label are a pair. */
    private static final byte[] SELF_TEST = "auditseal: PKCS#11 signer self-test\n".getBytes(StandardCharsets.UTF_8);

    private final TokenLogins.Lease login;
    private final long privateKey;
    private final KeyProtection protection;
    private final NoteVerifier verifier;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pkcs11Signer(TokenLogins.Lease login, Ed25519Keys.Pair pair, NoteVerifier verifier, String description) {
        this.login = login;
        this.privateKey = pair.privateKey();
        this.protection = pair.protection();
        this.verifier = verifier;
        this.description = description;
    }

    /**
     * Opens the key pair {@code config} names as the signer of key name {@code name} (for a checkpoint signer, the
     * log's origin). Requires exactly one private and one public Ed25519 key with the label, a private key that
     * cannot leave the token, and a self-test signature that verifies.
     *
     * @throws HsmException naming the library, token and label, and what was found instead
     */
    public static Pkcs11Signer open(Pkcs11Config config, String name) throws HsmException {
        checkName(name);
        PKCS11Module module = Pkcs11Modules.get(config.library());
        TokenSlots.Found token = TokenSlots.find(module, config.library(), config.token());
        String where = "key \"" + config.keyLabel() + "\" on token \"" + token.label() + "\" of PKCS#11 library "
                + config.library();
        char[] pin = config.pin();
        TokenLogins.Lease login;
        try {
            login = TokenLogins.acquire(module, token, "token \"" + token.label() + "\" of PKCS#11 library "
                    + config.library(), pin, false);
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
        try {
            Ed25519Keys.Pair pair = Ed25519Keys.find(login.token(), config.keyLabel(), where);
            Pkcs11Signer signer = new Pkcs11Signer(login, pair, NoteVerifier.ed25519(name, pair.publicKey()), where);
            signer.selfTest();
            return signer;
        } catch (HsmException e) {
            login.close();
            throw e;
        } catch (MalformedNoteException | RuntimeException e) {
            login.close();
            throw new HsmException(where + ": " + e.getMessage(), e);
        }
    }

    /** Throws unless {@code name} can name a signed-note key (no '+', no spaces). */
    static void checkName(String name) throws HsmException {
        try {
            KeyId.checkName(name);
        } catch (MalformedNoteException e) {
            throw new HsmException("cannot sign as " + name + ": " + e.getMessage(), e);
        }
    }

    private void selfTest() throws HsmException {
        try {
            sign(SELF_TEST);
        } catch (SigningException e) {
            throw new HsmException(e.getMessage(), e);
        }
    }

    @Override
    public NoteVerifier verifier() {
        return verifier;
    }

    /** How the token protects the private key, as it reported when the signer opened. */
    public KeyProtection protection() {
        return protection;
    }

    /** The key, its token and its library, for messages. */
    public String describe() {
        return description;
    }

    /**
     * The Ed25519 signature the token makes of {@code message}, verified with the public key.
     *
     * @throws SigningException if the signer is closed, the token fails, or its signature does not verify; naming
     *                          the key and the token
     */
    @Override
    public byte[] sign(byte[] message) {
        if (closed.get()) {
            throw new SigningException(description + ": the signer is closed", null);
        }
        byte[] signature;
        try {
            // CKM_EDDSA without parameters is pure Ed25519 (no context, no prehash), as signed notes use it.
            signature = login.token().sign(new Mechanism(PKCS11Constants.CKM_EDDSA), privateKey, message);
        } catch (TokenException e) {
            throw new SigningException(description + ": C_Sign failed: " + Pkcs11Errors.describe(e), e);
        }
        try {
            verifier.verify(message, signature);
        } catch (InvalidSignatureException e) {
            throw new SigningException(description + ": the token's " + signature.length + "-byte signature does not "
                    + "verify with the key pair's public key; not used", e);
        }
        return signature;
    }

    /** Ends this signer's use of the token; later signatures throw SigningException. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            login.close();
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Signer[" + verifier.name() + "+" + KeyId.hex(verifier.keyId()) + ", " + description + "]";
    }
}
