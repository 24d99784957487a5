package io.auditseal.tlog.note;

/** A signature that claims a known key (same name and key ID) but does not verify with it. */
public final class InvalidSignatureException extends NoteException {

    public InvalidSignatureException(String keyName, int keyId) {
        super("invalid signature for key " + keyName + "+" + KeyId.hex(keyId));
    }
}
