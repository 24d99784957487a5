package io.auditseal.api;

import io.auditseal.api.v1alpha1.chain.AuditChainSpec;
import io.auditseal.api.v1alpha1.chain.spec.BatchingSpec;
import io.auditseal.api.v1alpha1.chain.spec.DirectoryStorageSpec;
import io.auditseal.api.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.format.ChainId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void batchMaxSize_notAPositiveQuantity_isRefusedNamingTheField() {
        for (String bad : new String[] {"lots", "0", "-1Mi"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChainResolver.settings(CHAIN, 1, spec(bad)));
            assertTrue(e.getMessage().startsWith("spec.batch.maxSize: "), e.getMessage());
        }
    }
}
