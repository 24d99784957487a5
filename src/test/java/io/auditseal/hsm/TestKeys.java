package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * Key pairs made directly in a test token, with the flags a test wants, and what the token says about them: what
 * the code under test would refuse to create, and the token's own view of what it did create.
 */
final class TestKeys {

    private TestKeys() {
    }

    /** A logged-in lease of the test token, read-write; the caller closes it. */
    static TokenLogins.Lease login(SoftHsm.Token token) throws Exception {
        PKCS11Module module = Pkcs11Modules.get(SoftHsm.LIBRARY);
        return TokenLogins.acquire(module, TokenSlots.find(module, SoftHsm.LIBRARY, token.selector()),
                "test token " + token.label(), SoftHsm.PIN.toCharArray(), true);
    }

    /** An Ed25519 pair whose private key is labelled {@code privateLabel} and public key {@code publicLabel}. */
    static PKCS11KeyPair pair(SoftHsm.Token token, String privateLabel, String publicLabel, boolean sensitive,
                              boolean extractable) throws Exception {
        try (TokenLogins.Lease login = login(token)) {
            KeyPairTemplate template = new KeyPairTemplate(PKCS11Constants.CKK_EC_EDWARDS).token(true)
                    .labels(privateLabel, publicLabel).signVerify(true);
            template.publicKey().ecParams(new byte[] {0x06, 0x03, 0x2B, 0x65, 0x70});
            template.privateKey().sensitive(sensitive).extractable(extractable).private_(true);
            return login.token().generateKeyPair(new Mechanism(PKCS11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN), template);
        }
    }

    /** The handles of the token's private keys labelled {@code label}. */
    static long[] privateKeys(SoftHsm.Token token, String label) throws Exception {
        try (TokenLogins.Lease login = login(token)) {
            return login.token().findObjects(AttributeVector.newPrivateKey().label(label), 16);
        }
    }

    /** The attributes the token reports for {@code handle}. */
    static AttributeVector attributes(SoftHsm.Token token, long handle, long... types) throws Exception {
        try (TokenLogins.Lease login = login(token)) {
            return login.token().getAttrValues(handle, types);
        }
    }

    static void destroy(SoftHsm.Token token, long handle) throws Exception {
        try (TokenLogins.Lease login = login(token)) {
            login.token().destroyObject(handle);
        }
    }
}
