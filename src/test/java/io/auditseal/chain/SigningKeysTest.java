package io.auditseal.chain;

import io.auditseal.format.ChainId;
import io.auditseal.hsm.Pkcs11Keygen;
import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.hsm.SoftHsm;
import io.auditseal.hsm.TokenSelector;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.NoteSigner;
import io.auditseal.tlog.note.SigningException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of signing key a chain may name; PKCS#11 keys in a real token (SoftHSM2), opened once and kept. */
class SigningKeysTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");
    private static final SecretRef PIN_REF = new SecretRef("hsm-pin", "pin");
    private static SoftHsm.Token token;
    private static String checkpointsKey;

    @TempDir
    Path dir;

    private final Map<String, byte[]> secrets = new HashMap<>();
    private SigningKeys keys;

    @BeforeAll
    static void tokenWithTwoKeys() throws Exception {
        token = SoftHsm.newToken();
        try (Pkcs11Signer signer = Pkcs11Keygen.generate(token.config("checkpoints"), CHAIN.defaultOrigin())) {
            checkpointsKey = signer.verifier().encode();
        }
        Pkcs11Keygen.generate(token.config("next"), CHAIN.defaultOrigin()).close();
    }

    @BeforeEach
    void keys() {
        // As a PIN file or Secret is often written: with a final newline, which is not part of the PIN.
        secrets.put("hsm-pin/pin", (SoftHsm.PIN + "\n").getBytes(StandardCharsets.UTF_8));
        keys = new SigningKeys((chain, name, key) -> Optional.ofNullable(secrets.get(name + "/" + key)).map(byte[]::clone),
                dir.resolve("keys"), List.of(SoftHsm.LIBRARY));
    }

    @AfterEach
    void close() {
        keys.close();
    }

    private static RegisteredChain chain(SigningSettings signing) {
        return ChainSettingsFixture.registered(CHAIN, 1, signing);
    }

    private static SigningSettings.Pkcs11 pkcs11(String keyLabel) {
        return new SigningSettings.Pkcs11(SoftHsm.LIBRARY.toString(), token.selector(), keyLabel, PIN_REF);
    }

    @Test
    void pkcs11_isOpenedOnce_andKeptAcrossCalls() throws Exception {
        NoteSigner first = keys.forChain(chain(pkcs11("checkpoints")));
        assertEquals(checkpointsKey, first.verifier().encode());
        // forChain runs at every reconcile: the same open signer, no new login.
        assertSame(first, keys.forChain(chain(pkcs11("checkpoints"))));
        first.verifier().verify(new byte[] {1}, first.sign(new byte[] {1}));
    }

    @Test
    void pkcs11_anotherKey_replacesTheSigner_andClosesTheOldOne() throws Exception {
        NoteSigner old = keys.forChain(chain(pkcs11("checkpoints")));
        NoteSigner replacement = keys.forChain(chain(pkcs11("next")));
        assertNotSame(old, replacement);
        replacement.sign(new byte[] {1});
        SigningException e = assertThrows(SigningException.class, () -> old.sign(new byte[] {1}));
        assertTrue(e.getMessage().endsWith("the signer is closed"), e.getMessage());
    }

    @Test
    void pkcs11_unusableNewSettings_areRefused_andTheOpenSignerKeepsSigning() throws Exception {
        NoteSigner running = keys.forChain(chain(pkcs11("checkpoints")));
        ChainConfigException e = assertThrows(ChainConfigException.class, () -> keys.forChain(chain(pkcs11("absent"))));
        assertEquals("AuditChain prod/cluster-a: spec.signer.pkcs11: key \"absent\" on token \"" + token.label()
                + "\" of PKCS#11 library " + SoftHsm.LIBRARY + ": no private key has this label", e.getMessage());
        running.sign(new byte[] {1});
    }

    @Test
    void pkcs11_libraryNotAllowed_isRefused() {
        SigningKeys none = new SigningKeys((chain, name, key) -> Optional.empty(), dir.resolve("keys"));
        ChainConfigException e = assertThrows(ChainConfigException.class, () -> none.forChain(chain(pkcs11("checkpoints"))));
        assertEquals("AuditChain prod/cluster-a: spec.signer.pkcs11.library " + SoftHsm.LIBRARY + " is not a PKCS#11 "
                + "library this sink may load (auditseal.pkcs11.libraries: none); its administrator lists the "
                + "libraries chains may name", e.getMessage());
        // A path that only leads to an allowed library is not that library.
        SigningSettings.Pkcs11 sneaky = new SigningSettings.Pkcs11("/tmp/../" + SoftHsm.LIBRARY.toString().substring(1)
                + "/../evil.so", token.selector(), "checkpoints", PIN_REF);
        assertThrows(ChainConfigException.class, () -> keys.forChain(chain(sneaky)));
    }

    @Test
    void pkcs11_pinSecretWithoutTheKey_namesTheSecret() {
        secrets.clear();
        ChainConfigException e = assertThrows(ChainConfigException.class, () -> keys.forChain(chain(pkcs11("checkpoints"))));
        assertEquals("AuditChain prod/cluster-a: spec.signer.pkcs11.pinSecretRef: Secret prod/hsm-pin has no key pin",
                e.getMessage());
    }

    @Test
    void pkcs11_wrongPin_isAConfigurationErrorNamingTheToken() throws Exception {
        SoftHsm.Token fresh = SoftHsm.newToken();
        secrets.put("hsm-pin/pin", "not-the-pin".getBytes(StandardCharsets.UTF_8));
        SigningSettings.Pkcs11 settings = new SigningSettings.Pkcs11(SoftHsm.LIBRARY.toString(),
                new TokenSelector.Label(fresh.label()), "checkpoints", PIN_REF);
        ChainConfigException e = assertThrows(ChainConfigException.class, () -> keys.forChain(chain(settings)));
        assertEquals("AuditChain prod/cluster-a: spec.signer.pkcs11: token \"" + fresh.label() + "\" of PKCS#11 library "
                + SoftHsm.LIBRARY + " refused the login: CKR_PIN_INCORRECT", e.getMessage());
    }

    @Test
    void release_closesTheChainsSigner() throws Exception {
        NoteSigner signer = keys.forChain(chain(pkcs11("checkpoints")));
        keys.release(CHAIN);
        assertThrows(SigningException.class, () -> signer.sign(new byte[] {1}));
        assertNotSame(signer, keys.forChain(chain(pkcs11("checkpoints"))));
    }

    @Test
    void secret_isReadAtEveryCall_andGenerated_isKeptUnderTheKeyDirectory() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(CHAIN.defaultOrigin(), new SecureRandom());
        secrets.put("signing/key", key.encode().getBytes(StandardCharsets.UTF_8));
        SigningSettings.Secret fromSecret = new SigningSettings.Secret(new SecretRef("signing", "key"));
        assertEquals(key.verifier().encode(), keys.forChain(chain(fromSecret)).verifier().encode());
        Ed25519PrivateKey rotated = Ed25519PrivateKey.generate(CHAIN.defaultOrigin(), new SecureRandom());
        secrets.put("signing/key", rotated.encode().getBytes(StandardCharsets.UTF_8));
        assertEquals(rotated.verifier().encode(), keys.forChain(chain(fromSecret)).verifier().encode());

        String generated = keys.forChain(chain(new SigningSettings.Generated())).verifier().encode();
        assertEquals(generated, keys.forChain(chain(new SigningSettings.Generated())).verifier().encode());
        assertEquals(generated + "\n", Files.readString(keys.verifierKeyFile(chain(new SigningSettings.Generated()))));
    }
}
