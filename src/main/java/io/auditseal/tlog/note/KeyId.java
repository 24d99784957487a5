package io.auditseal.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Key names and key IDs of the signed-note format (c2sp.org/signed-note). */
public final class KeyId {

    /** Signature algorithm byte for Ed25519 in keys and in the key ID hash. */
    public static final byte ALGORITHM_ED25519 = 0x01;
    /** Algorithm byte of Ed25519 cosignatures (c2sp.org/tlog-cosignature, cosignature/v1). */
    public static final byte ALGORITHM_COSIGNATURE_V1 = 0x04;

    private KeyId() {
    }

    /** Key ID of an Ed25519 key: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || publicKey). */
    public static int ed25519(String name, byte[] publicKey) {
        return of(name, ALGORITHM_ED25519, publicKey);
    }

    /** Key ID of a cosignature/v1 key: as for Ed25519, with algorithm byte 0x04. */
    public static int cosignatureV1(String name, byte[] publicKey) {
        return of(name, ALGORITHM_COSIGNATURE_V1, publicKey);
    }

    private static int of(String name, byte algorithm, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(algorithm);
            sha256.update(publicKey);
            byte[] digest = sha256.digest();
            return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** The key ID as 8 lowercase hex digits, as it appears in encoded keys. */
    public static String hex(int keyId) {
        return String.format("%08x", keyId);
    }

    /** A key name is non-empty and holds no whitespace and no '+', since keys are '+'-separated. */
    public static void checkName(String name) throws MalformedNoteException {
        if (name == null || name.isEmpty()) {
            throw new MalformedNoteException("key name is empty");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '+' || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                throw new MalformedNoteException("key name " + quote(name) + " contains '+' or a space");
            }
            if (Character.isISOControl(cp)) {
                throw new MalformedNoteException("key name " + quote(name) + " contains a control character");
            }
            i += Character.charCount(cp);
        }
    }

    static String quote(String s) {
        return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
    }
}
