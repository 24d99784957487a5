package io.auditseal.tlog.note;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** An Ed25519 verifier key of the signed-note format: {@code <name>+<hex8 key id>+<base64(0x01 || public key)>}. */
public final class NoteVerifier {

    public static final int SIGNATURE_SIZE = 64;

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final Ed25519PublicKeyParameters key;

    NoteVerifier(String name, byte[] publicKey) throws MalformedNoteException {
        KeyId.checkName(name);
        this.key = Ed25519Keys.publicKey(publicKey);
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = KeyId.ed25519(name, publicKey);
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
        encoded.requireKeyId(verifier.keyId, "verifier key");
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
        if (!Ed25519Keys.verifies(key, message, signature)) {
            throw new InvalidSignatureException(name, keyId);
        }
    }

    @Override
    public String toString() {
        return encode();
    }
}
