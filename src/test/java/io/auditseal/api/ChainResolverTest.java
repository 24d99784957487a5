package io.auditseal.api;

import io.auditseal.api.v1alpha1.chain.AuditChainSpec;
import io.auditseal.api.v1alpha1.chain.spec.BatchingSpec;
import io.auditseal.api.v1alpha1.chain.spec.DirectoryStorageSpec;
import io.auditseal.api.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.chain.SecretRef;
import io.auditseal.chain.SigningSettings;
import io.auditseal.format.ChainId;
import io.auditseal.hsm.TokenSelector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainResolverTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    private static AuditChainSpec spec(String maxSize) {
        AuditChainSpec spec = new AuditChainSpec();
        spec.setClusterName("a");
        DirectoryStorageSpec directory = new DirectoryStorageSpec();
        directory.setPath("/tmp/x");
        StorageSpec storage = new StorageSpec();
        storage.setDirectory(directory);
        spec.setStorage(storage);
        if (maxSize != null) {
            BatchingSpec batch = new BatchingSpec();
            batch.setMaxSize(maxSize);
            spec.setBatch(batch);
        }
        return spec;
    }

    @Test
    void batchMaxSize_isAQuantityOfBytes_defaulting64Mi() {
        assertEquals(64L << 20, ChainResolver.settings(CHAIN, 1, spec(null)).batch().maxBytes());
        assertEquals(8L << 20, ChainResolver.settings(CHAIN, 1, spec("8Mi")).batch().maxBytes());
        assertEquals(1_000_000, ChainResolver.settings(CHAIN, 1, spec("1M")).batch().maxBytes());
    }

    @Test
    void redactionRules_areParsed_andABadOneIsRefusedNamingIt() {
        AuditChainSpec spec = spec(null);
        io.auditseal.api.v1alpha1.chain.spec.RedactionRuleSpec rule = new io.auditseal.api.v1alpha1.chain.spec.RedactionRuleSpec();
        rule.setResource("configmaps");
        rule.setPaths(java.util.List.of("/data", "/metadata/annotations/example.com~1api-key"));
        io.auditseal.api.v1alpha1.chain.spec.RedactionSpec redaction = new io.auditseal.api.v1alpha1.chain.spec.RedactionSpec();
        redaction.setRules(java.util.List.of(rule));
        spec.setRedaction(redaction);
        var parsed = ChainResolver.settings(CHAIN, 1, spec).redaction().rules().get(0);
        assertEquals(java.util.List.of(java.util.List.of("data"), java.util.List.of("metadata", "annotations", "example.com/api-key")),
                parsed.paths());
        assertTrue(parsed.matches("", "configmaps", ""));

        rule.setPaths(java.util.List.of("data"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainResolver.settings(CHAIN, 1, spec));
        assertTrue(e.getMessage().startsWith("spec.redaction.rules[0].paths: "), e.getMessage());
    }

    @Test
    void builtInRedaction_isOnUnlessTurnedOffExplicitly() {
        AuditChainSpec spec = spec(null);
        assertTrue(ChainResolver.settings(CHAIN, 1, spec).redaction().builtIn(), "no redaction section");
        io.auditseal.api.v1alpha1.chain.spec.RedactionSpec redaction = new io.auditseal.api.v1alpha1.chain.spec.RedactionSpec();
        spec.setRedaction(redaction);
        assertTrue(ChainResolver.settings(CHAIN, 1, spec).redaction().builtIn(), "builtIn absent");
        redaction.setBuiltIn(false);
        assertFalse(ChainResolver.settings(CHAIN, 1, spec).redaction().builtIn());
    }

    @Test
    void batchMaxSize_notAPositiveQuantity_isRefusedNamingTheField() {
        for (String bad : new String[] {"lots", "0", "-1Mi"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChainResolver.settings(CHAIN, 1, spec(bad)));
            assertTrue(e.getMessage().startsWith("spec.batch.maxSize: "), e.getMessage());
        }
    }

    private static io.auditseal.api.v1alpha1.chain.spec.SignerSpec pkcs11Signer(String tokenLabel, Integer slot) {
        io.auditseal.api.v1alpha1.chain.spec.Pkcs11SignerSpec pkcs11 = new io.auditseal.api.v1alpha1.chain.spec.Pkcs11SignerSpec();
        pkcs11.setLibrary("/usr/lib/softhsm/libsofthsm2.so");
        pkcs11.setTokenLabel(tokenLabel);
        pkcs11.setSlot(slot);
        pkcs11.setKeyLabel("checkpoints");
        pkcs11.setPinSecretRef(new io.fabric8.kubernetes.api.model.SecretKeySelector("pin", "hsm-pin", false));
        io.auditseal.api.v1alpha1.chain.spec.SignerSpec signer = new io.auditseal.api.v1alpha1.chain.spec.SignerSpec();
        signer.setPkcs11(pkcs11);
        return signer;
    }

    @Test
    void signingKey_noneSecretOrPkcs11_becomeTheirSigningSettings() {
        AuditChainSpec spec = spec(null);
        assertEquals(new SigningSettings.Generated(), ChainResolver.settings(CHAIN, 1, spec).signing());

        spec.setSigningKeySecretRef(new io.fabric8.kubernetes.api.model.SecretKeySelector("signing.key", "keys", false));
        assertEquals(new SigningSettings.Secret(new SecretRef("keys", "signing.key")),
                ChainResolver.settings(CHAIN, 1, spec).signing());

        spec.setSigningKeySecretRef(null);
        spec.setSigner(pkcs11Signer("audit", null));
        assertEquals(new SigningSettings.Pkcs11("/usr/lib/softhsm/libsofthsm2.so", new TokenSelector.Label("audit"),
                "checkpoints", new SecretRef("hsm-pin", "pin")), ChainResolver.settings(CHAIN, 1, spec).signing());
        spec.setSigner(pkcs11Signer(null, 2));
        assertEquals(new TokenSelector.SlotIndex(2),
                ((SigningSettings.Pkcs11) ChainResolver.settings(CHAIN, 1, spec).signing()).token());
    }

    @Test
    void signingKey_secretAndSignerBoth_isRefusedNamingBothFields() {
        AuditChainSpec spec = spec(null);
        spec.setSigningKeySecretRef(new io.fabric8.kubernetes.api.model.SecretKeySelector("signing.key", "keys", false));
        spec.setSigner(pkcs11Signer("audit", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainResolver.settings(CHAIN, 1, spec));
        assertEquals("spec.signingKeySecretRef and spec.signer are mutually exclusive: name the signing key in one place",
                e.getMessage());
    }

    @Test
    void pkcs11Signer_incomplete_isRefusedNamingTheField() {
        AuditChainSpec spec = spec(null);
        java.util.Map<String, java.util.function.Consumer<io.auditseal.api.v1alpha1.chain.spec.SignerSpec>> broken =
                new java.util.LinkedHashMap<>();
        broken.put("spec.signer.pkcs11: name the token by exactly one of tokenLabel or slot",
                s -> s.getPkcs11().setSlot(0));
        broken.put("spec.signer.pkcs11.library: \"lib/softhsm2.so\" is not the absolute path of a PKCS#11 library, "
                + "such as /usr/lib/softhsm/libsofthsm2.so", s -> s.getPkcs11().setLibrary("lib/softhsm2.so"));
        broken.put("spec.signer.pkcs11.keyLabel: the label of the key pair is required", s -> s.getPkcs11().setKeyLabel(" "));
        broken.put("spec.signer.pkcs11.pinSecretRef: the name and key of the Secret holding the token's PIN are required",
                s -> s.getPkcs11().setPinSecretRef(null));
        broken.put("spec.signer.pkcs11: slot index -1 is negative", s -> {
            s.getPkcs11().setTokenLabel(null);
            s.getPkcs11().setSlot(-1);
        });
        broken.put("spec.signer: name where the key is, in spec.signer.pkcs11", s -> s.setPkcs11(null));
        java.util.List<String> wrong = new java.util.ArrayList<>();
        broken.forEach((message, breakIt) -> {
            io.auditseal.api.v1alpha1.chain.spec.SignerSpec signer = pkcs11Signer("audit", null);
            breakIt.accept(signer);
            spec.setSigner(signer);
            try {
                ChainResolver.settings(CHAIN, 1, spec);
                wrong.add("accepted: " + message);
            } catch (IllegalArgumentException e) {
                if (!message.equals(e.getMessage())) {
                    wrong.add("want \"" + message + "\", got \"" + e.getMessage() + "\"");
                }
            }
        });
        assertEquals(java.util.List.of(), wrong);
    }
}
