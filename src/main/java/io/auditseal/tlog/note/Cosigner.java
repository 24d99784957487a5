package io.auditseal.tlog.note;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * A witness's Ed25519 cosigning key held in memory (cosignature/v1): what AuditSeal's own witness signs with.
 * Encoded as {@code PRIVATE+KEY+<name>+<hex8 key id>+<base64(0x04 || 32-byte seed)>}.
 */
public final class Cosigner {

    private static final String PREFIX = "PRIVATE+KEY+";

    private final byte[] seed;
    private final Ed25519PrivateKeyParameters key;
    private final CosignatureVerifier verifier;

    private Cosigner(String name, byte[] seed) throws MalformedNoteException {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new MalformedNoteException("Ed25519 seed is " + seed.length + " bytes, want 32");
        }
        this.seed = seed.clone();
        this.key = new Ed25519PrivateKeyParameters(seed, 0);
        this.verifier = new CosignatureVerifier(name, key.generatePublicKey().getEncoded());
    }

    public static Cosigner generate(String name, SecureRandom random) throws MalformedNoteException {
        byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        random.nextBytes(seed);
        return new Cosigner(name, seed);
    }

    /** The key with this RFC 8032 private key (seed); for tests and known vectors. */
    public static Cosigner fromSeed(String name, byte[] seed) throws MalformedNoteException {
        return new Cosigner(name, seed);
    }

    /** Parses a private key, checking that its key ID matches the key it holds. */
    public static Cosigner parse(String skey) throws MalformedNoteException {
        String text = skey.strip();
        if (!text.startsWith(PREFIX)) {
            throw new MalformedNoteException("private key must start with " + PREFIX);
        }
        EncodedKey encoded = EncodedKey.parse(text.substring(PREFIX.length()), "witness private key",
                KeyId.ALGORITHM_COSIGNATURE_V1);
        Cosigner cosigner = new Cosigner(encoded.name(), encoded.keyBytes());
        if (cosigner.verifier.keyId() != encoded.keyId()) {
            throw new MalformedNoteException("witness private key ID " + KeyId.hex(encoded.keyId())
                    + " does not match its key");
        }
        return cosigner;
    }

    public CosignatureVerifier verifier() {
        return verifier;
    }

    /** The private key text, which {@link #parse} reads back. Secret: never log it. */
    public String encode() {
        return PREFIX + EncodedKey.format(verifier.name(), verifier.keyId(), KeyId.ALGORITHM_COSIGNATURE_V1, seed);
    }

    /** Cosigns the checkpoint whose note text is {@code checkpointText}, at {@code time} (whole seconds). */
    public Cosignature cosign(String checkpointText, Instant time) {
        long timestamp = time.getEpochSecond();
        byte[] message = CosignatureVerifier.message(checkpointText, timestamp);
        Ed25519Signer ed25519 = new Ed25519Signer();
        ed25519.init(true, key);
        ed25519.update(message, 0, message.length);
        return new Cosignature(verifier.name(), verifier.keyId(), timestamp, ed25519.generateSignature());
    }

    @Override
    public String toString() {
        return "Cosigner[" + verifier.name() + "+" + KeyId.hex(verifier.keyId()) + "]";
    }
}
