package io.auditseal.tlog.note;

import java.util.Base64;

/**
 * The common part of encoded signed-note keys: {@code <name>+<hex8 key id>+<base64(algorithm || key bytes)>}.
 * Parsing checks the structure only; callers check that the key ID matches the key.
 */
record EncodedKey(String name, int keyId, byte[] keyBytes) {

    static EncodedKey parse(String encoded, String what) throws MalformedNoteException {
        return parse(encoded, what, KeyId.ALGORITHM_ED25519);
    }

    /** Parses a key of {@code algorithm} (0x01 Ed25519 note signatures, 0x04 cosignature/v1), 32 key bytes. */
    static EncodedKey parse(String encoded, String what, byte algorithm) throws MalformedNoteException {
        // The base64 key may itself hold '+'; the name and key ID may not.
        String[] parts = encoded.split("\\+", 3);
        if (parts.length != 3) {
            throw new MalformedNoteException(what + " must have the form name+keyid+key");
        }
        KeyId.checkName(parts[0]);
        if (!parts[1].matches("[0-9a-f]{8}")) {
            throw new MalformedNoteException(what + " key ID " + KeyId.quote(parts[1]) + " is not 8 lowercase hex digits");
        }
        int keyId = Integer.parseUnsignedInt(parts[1], 16);
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException(what + " is not valid base64", e);
        }
        if (decoded.length != 33) {
            throw new MalformedNoteException(what + " holds " + decoded.length + " key bytes, want 33");
        }
        if (decoded[0] != algorithm) {
            throw new MalformedNoteException(what + " has algorithm " + decoded[0] + ", want " + algorithm
                    + (algorithm == KeyId.ALGORITHM_ED25519 ? " (Ed25519)" : " (Ed25519 cosignature/v1)"));
        }
        byte[] key = new byte[32];
        System.arraycopy(decoded, 1, key, 0, 32);
        return new EncodedKey(parts[0], keyId, key);
    }

    /** Throws unless {@code computed}, the ID of the name and key parsed, is the key ID the encoding gave. */
    void requireKeyId(int computed, String what) throws MalformedNoteException {
        if (computed != keyId) {
            throw new MalformedNoteException(what + " ID " + KeyId.hex(keyId) + " does not match its key, want "
                    + KeyId.hex(computed));
        }
    }

    static String format(String name, int keyId, byte[] key) {
        return format(name, keyId, KeyId.ALGORITHM_ED25519, key);
    }

    static String format(String name, int keyId, byte algorithm, byte[] key) {
        byte[] tagged = new byte[key.length + 1];
        tagged[0] = algorithm;
        System.arraycopy(key, 0, tagged, 1, key.length);
        return name + "+" + KeyId.hex(keyId) + "+" + Base64.getEncoder().encodeToString(tagged);
    }
}
