package io.auditseal.api;

import io.auditseal.api.v1alpha1.chain.AuditChainSpec;
import io.auditseal.api.v1alpha1.chain.spec.BatchingSpec;
import io.auditseal.api.v1alpha1.chain.spec.DirectoryStorageSpec;
import io.auditseal.api.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.format.ChainId;
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
}
