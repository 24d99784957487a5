package io.auditseal.tlog.note;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.nio.charset.StandardCharsets;

/**
 * A witness's Ed25519 cosigning key (c2sp.org/tlog-cosignature, cosignature/v1), as a vkey
 * {@code <name>+<hex8 key id>+<base64(0x04 || public key)>}, where the key ID is the first 4 bytes of
 * SHA-256(name || 0x0A || 0x04 || public key).
 */
public final class CosignatureVerifier {

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final Ed25519PublicKeyParameters key;

    CosignatureVerifier(String name, byte[] publicKey) throws MalformedNoteException {
        KeyId.checkName(name);
        this.key = Ed25519Keys.publicKey(publicKey);
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = KeyId.cosignatureV1(name, publicKey);
    }

    /** Parses a cosigner vkey, checking that its key ID matches its name and key. */
    public static CosignatureVerifier parse(String vkey) throws MalformedNoteException {
        EncodedKey encoded = EncodedKey.parse(vkey.strip(), "witness key", KeyId.ALGORITHM_COSIGNATURE_V1);
        CosignatureVerifier verifier = new CosignatureVerifier(encoded.name(), encoded.keyBytes());
        encoded.requireKeyId(verifier.keyId, "witness key");
        return verifier;
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    /** The vkey text, which {@link #parse} reads back. */
    public String encode() {
        return EncodedKey.format(name, keyId, KeyId.ALGORITHM_COSIGNATURE_V1, publicKey);
    }

    /** Whether a signature line claims to be by this key (same name and key ID); it may still not verify. */
    public boolean claims(NoteSignature line) {
        return line.keyId() == keyId && line.keyName().equals(name);
    }

    /**
     * Checks a cosignature of the checkpoint whose note text (body lines, final newline included, no signatures)
     * is {@code checkpointText}.
     *
     * @throws InvalidSignatureException if it is not this key's, or does not verify
     */
    public void verify(String checkpointText, Cosignature cosignature) throws InvalidSignatureException {
        if (cosignature.keyId() != keyId || !cosignature.witness().equals(name)) {
            throw new InvalidSignatureException(cosignature.witness(), cosignature.keyId());
        }
        if (!Ed25519Keys.verifies(key, message(checkpointText, cosignature.timestamp()), cosignature.signature())) {
            throw new InvalidSignatureException(name, keyId);
        }
    }

    /**
     * The signed message: {@code cosignature/v1\ntime <timestamp>\n} and then the checkpoint's note text.
     *
     * <pre>
     * cosignature/v1
     * time 1679315147
     * example.com/behind-the-sofa
     * 20852163
     * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
     * </pre>
     */
    static byte[] message(String checkpointText, long timestamp) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return encode();
    }
}
