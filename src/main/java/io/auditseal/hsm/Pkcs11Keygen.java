package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * Generates an Ed25519 key pair inside a PKCS#11 token, where the private key stays: CKA_TOKEN (it persists),
 * CKA_PRIVATE (only a logged-in user sees it), CKA_SENSITIVE and CKA_EXTRACTABLE=false (its value can never be read
 * out, nor wrapped), CKA_SIGN. Refuses a label that any object of the token already has, since a signer needs the
 * label to name exactly one key pair.
 */
public final class Pkcs11Keygen {

    /** DER of the Ed25519 curve's OID, 1.3.101.112 (RFC 8410), the CKA_EC_PARAMS of an Ed25519 key. */
    private static final byte[] ED25519_PARAMS = {0x06, 0x03, 0x2B, 0x65, 0x70};
    private static final int SEARCH_LIMIT = 16;

    private Pkcs11Keygen() {
    }

    /**
     * Generates the key pair {@code config} names and opens it as the signer of key name {@code name}; the caller
     * closes it.
     *
     * @throws HsmException if the label is taken, or the token cannot generate the pair (naming library, token and
     *                      label)
     */
    public static Pkcs11Signer generate(Pkcs11Config config, String name) throws HsmException {
        Pkcs11Signer.checkName(name);
        PKCS11Module module = Pkcs11Modules.get(config.library());
        TokenSlots.Found token = TokenSlots.find(module, config.library(), config.token());
        String where = "key \"" + config.keyLabel() + "\" on token \"" + token.label() + "\" of PKCS#11 library "
                + config.library();
        char[] pin = config.pin();
        try (TokenLogins.Lease login = TokenLogins.acquire(module, token, "token \"" + token.label()
                + "\" of PKCS#11 library " + config.library(), pin, true)) {
            // Two keygens racing past this check both generate; the signer then finds two pairs and refuses both.
            long[] taken = login.token().findObjects(new AttributeVector().label(config.keyLabel()), SEARCH_LIMIT);
            if (taken.length > 0) {
                throw new HsmException(where + ": the token already holds " + taken.length + " object(s) with this "
                        + "label; refusing to create a second key under it. Choose another label");
            }
            KeyPairTemplate template = new KeyPairTemplate(PKCS11Constants.CKK_EC_EDWARDS)
                    .token(true).labels(config.keyLabel()).signVerify(true);
            template.publicKey().ecParams(ED25519_PARAMS).private_(false);
            template.privateKey().sensitive(true).extractable(false).private_(true);
            login.token().generateKeyPair(new Mechanism(PKCS11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN), template);
        } catch (TokenException e) {
            throw new HsmException(where + ": generating the key pair failed: " + Pkcs11Errors.describe(e)
                    + " (does the token support CKM_EC_EDWARDS_KEY_PAIR_GEN?)", e);
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
        return Pkcs11Signer.open(config, name);
    }
}
