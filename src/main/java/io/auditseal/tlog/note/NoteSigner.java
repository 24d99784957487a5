package io.auditseal.tlog.note;

/**
 * Signs note texts with one Ed25519 key (c2sp.org/signed-note, algorithm 0x01): a key held in memory
 * ({@link Ed25519PrivateKey}) or one that never leaves a hardware token. Implementations are safe to call
 * concurrently.
 */
public interface NoteSigner {

    /** The key name: for a checkpoint signer, the log's origin. */
    default String name() {
        return verifier().name();
    }

    /** The key ID of the name and public key, as in {@link KeyId#ed25519}. */
    default int keyId() {
        return verifier().keyId();
    }

    /** The key that verifies this signer's signatures. */
    NoteVerifier verifier();

    /**
     * The 64-byte Ed25519 signature (RFC 8032) of {@code message}.
     *
     * @throws SigningException if the key cannot sign now (a token that is unreachable or lost its session); a
     *                          later attempt may succeed
     */
    byte[] sign(byte[] message);
}
