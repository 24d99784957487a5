package io.auditseal.hsm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LOCAL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SIGN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_EDWARDS;

/** Key generation in a real token (SoftHSM2): what the token says about the key, and labels that are taken. */
class Pkcs11KeygenTest {

    private static final String ORIGIN = "auditseal/prod/cluster-a";
    private static SoftHsm.Token token;

    @BeforeAll
    static void token() throws Exception {
        token = SoftHsm.newToken();
    }

    @Test
    void generate_privateKey_isSensitiveNotExtractableAndStaysInTheToken_asTheTokenReportsIt() throws Exception {
        try (Pkcs11Signer signer = Pkcs11Keygen.generate(token.config("checkpoints"), ORIGIN)) {
            long[] keys = TestKeys.privateKeys(token, "checkpoints");
            assertEquals(1, keys.length);
            AttributeVector flags = TestKeys.attributes(token, keys[0], CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_TOKEN,
                    CKA_PRIVATE, CKA_SIGN, CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE,
                    CKA_LOCAL);
            assertEquals(Boolean.TRUE, flags.sensitive(), "CKA_SENSITIVE");
            assertEquals(Boolean.FALSE, flags.extractable(), "CKA_EXTRACTABLE");
            assertEquals(Boolean.TRUE, flags.token(), "CKA_TOKEN: kept in the token, not only in the session");
            assertEquals(Boolean.TRUE, flags.private_(), "CKA_PRIVATE: seen only after login");
            assertEquals(Boolean.TRUE, flags.sign(), "CKA_SIGN");
            assertEquals(CKK_EC_EDWARDS, flags.keyType());
            // DER of OID 1.3.101.112 (Ed25519): printf '\x06\x03\x2b\x65\x70' | openssl asn1parse -inform DER
            assertArrayEquals(new byte[] {0x06, 0x03, 0x2B, 0x65, 0x70}, flags.ecParams());
            assertEquals(Boolean.TRUE, flags.alwaysSensitive(), "CKA_ALWAYS_SENSITIVE");
            assertEquals(Boolean.TRUE, flags.neverExtractable(), "CKA_NEVER_EXTRACTABLE");
            assertEquals(Boolean.TRUE, flags.local(), "CKA_LOCAL: generated in the token");
            assertTrue(signer.protection().neverLeftTheToken(), signer.protection().toString());
            assertEquals(ORIGIN, signer.verifier().name());
        }
    }

    @Test
    void generate_labelTaken_refusesASecondKey_andKeepsTheFirst() throws Exception {
        String first;
        try (Pkcs11Signer signer = Pkcs11Keygen.generate(token.config("taken"), ORIGIN)) {
            first = signer.verifier().encode();
        }
        HsmException e = assertThrows(HsmException.class, () -> Pkcs11Keygen.generate(token.config("taken"), ORIGIN));
        assertTrue(e.getMessage().contains("key \"taken\" on token \"" + token.label() + "\" of PKCS#11 library "
                + SoftHsm.LIBRARY), e.getMessage());
        assertTrue(e.getMessage().contains("already holds 2 object(s) with this label; refusing to create a second key"),
                e.getMessage());
        assertEquals(1, TestKeys.privateKeys(token, "taken").length);
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("taken"), ORIGIN)) {
            assertEquals(first, signer.verifier().encode());
        }
    }

    @Test
    void generate_invalidKeyName_createsNothing() throws Exception {
        HsmException e = assertThrows(HsmException.class,
                () -> Pkcs11Keygen.generate(token.config("unnamed"), "has space"));
        assertTrue(e.getMessage().contains("cannot sign as has space"), e.getMessage());
        assertEquals(0, TestKeys.privateKeys(token, "unnamed").length);
    }
}
