package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Constants.Category;
import org.xipki.pkcs11.wrapper.PKCS11Token;
import org.xipki.pkcs11.wrapper.TokenException;

import java.util.Arrays;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LOCAL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_EDWARDS;

/** The Ed25519 key pair of a label on a token: found, checked, and its public key read. */
final class Ed25519Keys {

    /** How many objects of a label a search returns at most: enough to say how many there are. */
    private static final int SEARCH_LIMIT = 16;
    private static final int PUBLIC_KEY_SIZE = 32;

    /** The private key's handle, its protection, and the 32-byte public key (RFC 8032). */
    record Pair(long privateKey, KeyProtection protection, byte[] publicKey) {
    }

    private Ed25519Keys() {
    }

    /**
     * The private and public key labelled {@code label}, exactly one each, both CKK_EC_EDWARDS with a 32-byte point.
     * A private key that may leave the token (not CKA_SENSITIVE, or CKA_EXTRACTABLE) is refused: an auditor relies
     * on the key never existing outside it.
     *
     * @param where the key for messages: {@code key "k" on token "t" of PKCS#11 library /x.so}
     */
    static Pair find(PKCS11Token token, String label, String where) throws HsmException {
        try {
            long privateKey = one(token, AttributeVector.newPrivateKey().label(label), "private", where);
            long publicKey = one(token, AttributeVector.newPublicKey().label(label), "public", where);
            checkEdwards(token, privateKey, "private", where);
            checkEdwards(token, publicKey, "public", where);
            KeyProtection protection = protection(token, privateKey);
            if (!protection.sensitive()) {
                throw new HsmException(where + ": the private key is not sensitive (CKA_SENSITIVE=false), so it can be "
                        + "read out of the token; refused, since a checkpoint key must never leave it. Generate one "
                        + "with auditseal keygen --pkcs11-library");
            }
            if (protection.extractable()) {
                throw new HsmException(where + ": the private key is extractable (CKA_EXTRACTABLE=true), so it can be "
                        + "wrapped and taken out of the token; refused, since a checkpoint key must never leave it. "
                        + "Generate one with auditseal keygen --pkcs11-library");
            }
            byte[] point = token.getAttrValues(publicKey, CKA_EC_POINT).ecPoint();
            return new Pair(privateKey, protection, ed25519Point(point, where));
        } catch (TokenException e) {
            throw new HsmException(where + ": reading the key pair failed: " + Pkcs11Errors.describe(e), e);
        }
    }

    /** The flags the token reports for a private key; a flag it does not report counts as false. */
    static KeyProtection protection(PKCS11Token token, long privateKey) throws TokenException {
        AttributeVector flags = token.getAttrValues(privateKey, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
                CKA_NEVER_EXTRACTABLE, CKA_LOCAL);
        // CKA_EXTRACTABLE unreported would be odd; count it as true, which refuses the key.
        return new KeyProtection(isTrue(flags.sensitive()), !Boolean.FALSE.equals(flags.extractable()),
                isTrue(flags.alwaysSensitive()), isTrue(flags.neverExtractable()), isTrue(flags.local()));
    }

    /**
     * The public key from CKA_EC_POINT, which PKCS#11 3.0 defines for Edwards keys as the 32 bytes of RFC 8032,
     * while older tokens wrap them in a DER OCTET STRING ({@code 04 20} || 32 bytes): both are accepted.
     */
    static byte[] ed25519Point(byte[] point, String where) throws HsmException {
        if (point != null && point.length == PUBLIC_KEY_SIZE) {
            return point.clone();
        }
        if (point != null && point.length == PUBLIC_KEY_SIZE + 2 && point[0] == 0x04 && point[1] == PUBLIC_KEY_SIZE) {
            return Arrays.copyOfRange(point, 2, point.length);
        }
        throw new HsmException(where + ": the public key's CKA_EC_POINT is "
                + (point == null ? "missing" : point.length + " bytes") + ", want the 32 bytes of an Ed25519 key "
                + "(Ed448 keys are 57)");
    }

    private static long one(PKCS11Token token, AttributeVector template, String kind, String where)
            throws TokenException, HsmException {
        long[] found = token.findObjects(template, SEARCH_LIMIT);
        if (found.length == 0) {
            throw new HsmException(where + ": no " + kind + " key has this label");
        }
        if (found.length > 1) {
            throw new HsmException(where + ": " + (found.length == SEARCH_LIMIT ? "at least " : "") + found.length
                    + " " + kind + " keys have this label; a label must name one key pair, so relabel or delete the "
                    + "others");
        }
        return found[0];
    }

    private static void checkEdwards(PKCS11Token token, long handle, String kind, String where)
            throws TokenException, HsmException {
        Long type = token.getAttrValues(handle, CKA_KEY_TYPE).keyType();
        if (type == null || type != CKK_EC_EDWARDS) {
            throw new HsmException(where + ": the " + kind + " key is of key type "
                    + (type == null ? "unknown" : token.getModule().codeToName(Category.CKK, type)) + ", want CKK_EC_EDWARDS (Ed25519)");
        }
    }

    private static boolean isTrue(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }
}
