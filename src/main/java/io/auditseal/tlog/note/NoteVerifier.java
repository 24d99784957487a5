package io.auditseal.tlog.note;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 verifier key of the signed-note format: {@code <name>+<hex8 key id>+<base64(0x01 || public key)>}. */
public final class NoteVerifier {

    public static final int SIGNATURE_SIZE = 64;

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final Ed25519PublicKeyParameters key;

    NoteVerifier(String name, byte[] publicKey) throws MalformedNoteException {
        KeyId.checkName(name);
        if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new MalformedNoteException("Ed25519 public key is " + publicKey.length + " bytes, want 32");
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = KeyId.ed25519(name, publicKey);
        try {
            this.key = new Ed25519PublicKeyParameters(publicKey, 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("not an Ed25519 public key", e);
        }
    }

    /**
     * The verifier of an Ed25519 public key held elsewhere (a hardware token reports its 32-byte point), named
     * {@code name}; its key ID is computed.
     */
    public static NoteVerifier ed25519(String name, byte[] publicKey) throws MalformedNoteException {
        return new NoteVerifier(name, publicKey);
    }

    /** Parses a verifier key ("vkey"), checking that its key ID matches its name and key. */
    public static NoteVerifier parse(String vkey) throws MalformedNoteException {
        EncodedKey encoded = EncodedKey.parse(vkey.strip(), "verifier key");
        NoteVerifier verifier = new NoteVerifier(encoded.name(), encoded.keyBytes());
        if (verifier.keyId != encoded.keyId()) {
            throw new MalformedNoteException("verifier key ID " + KeyId.hex(encoded.keyId())
                    + " does not match its key, want " + KeyId.hex(verifier.keyId));
        }
        return verifier;
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The vkey text, which {@link #parse} reads back. */
    public String encode() {
        return EncodedKey.format(name, keyId, publicKey);
    }

    /** Throws unless {@code signature} is this key's Ed25519 signature (RFC 8032) of {@code message}. */
    public void verify(byte[] message, byte[] signature) throws InvalidSignatureException {
        if (signature.length != SIGNATURE_SIZE) {
            throw new InvalidSignatureException(name, keyId);
        }
        Ed25519Signer ed25519 = new Ed25519Signer();
        ed25519.init(false, key);
        ed25519.update(message, 0, message.length);
        if (!ed25519.verifySignature(signature)) {
            throw new InvalidSignatureException(name, keyId);
        }
    }

    @Override
    public String toString() {
        return encode();
    }
}
