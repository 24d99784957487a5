package io.auditseal.tlog.note;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 public keys and signature checks (RFC 8032) for the note and cosignature verifiers, with Bouncy Castle. */
final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /** The public key of these 32 bytes, refused unless it has that length and decodes as a point. */
    static Ed25519PublicKeyParameters publicKey(byte[] key) throws MalformedNoteException {
        if (key.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new MalformedNoteException("Ed25519 public key is " + key.length + " bytes, want 32");
        }
        try {
            return new Ed25519PublicKeyParameters(key, 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("not an Ed25519 public key", e);
        }
    }

    /** Whether {@code signature} (64 bytes) is {@code key}'s signature of {@code message}. */
    static boolean verifies(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature.length != NoteVerifier.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer ed25519 = new Ed25519Signer();
        ed25519.init(false, key);
        ed25519.update(message, 0, message.length);
        return ed25519.verifySignature(signature);
    }
}
