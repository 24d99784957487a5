package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainSpec;
import io.auditseal.api.v1alpha1.chain.AuditChainStatus;
import io.auditseal.api.v1alpha1.chain.spec.AuthSpec;
import io.auditseal.api.v1alpha1.chain.spec.DirectoryStorageSpec;
import io.auditseal.api.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.format.ChainId;
import io.auditseal.seal.SealerStatus;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serving a chain before its first reconcile after a start: only as it was served before (its generation recorded,
 * its published key in its Secret), never a changed one, and nothing is created.
 */
class ChainRegistrarTest {

    private static final ChainId ID = new ChainId("prod", "cluster-a");

    @TempDir
    Path data;
    private final ChainRegistry registry = new ChainRegistry();
    private final Map<String, byte[]> secrets = new HashMap<>();
    // Only its serialization is used (to copy a resource); it never connects.
    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final Ed25519PrivateKey key = key();

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static Ed25519PrivateKey key() {
        try {
            return Ed25519PrivateKey.generate(ID.defaultOrigin(), new SecureRandom());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ChainRegistrar registrar() {
        SecretSource source = (chain, name, secretKey) -> Optional.ofNullable(secrets.get(name + "/" + secretKey));
        SealerStatus noSealers = new SealerStatus() {
            @Override
            public Optional<StorageFindings> storage(ChainId chain) {
                return Optional.empty();
            }

            @Override
            public Optional<String> refusal(ChainId chain) {
                return Optional.empty();
            }

            @Override
            public Optional<Running> sealer(ChainId chain) {
                return Optional.empty();
            }
        };
        return new ChainRegistrar(registry, source, new SigningKeys(source, data.resolve("keys")), null, noSealers,
                client);
    }

    /** A chain as a previous run left it: generation 3 recorded, key published, token in a Secret. */
    private AuditChain servedBefore(boolean namedKey) {
        secrets.put("chain-token/token", "s3cret".getBytes(StandardCharsets.UTF_8));
        String keySecret = namedKey ? "own-key" : SigningKeySecrets.secretName(ID.name());
        String keyEntry = namedKey ? "skey" : SigningKeySecrets.KEY;
        secrets.put(keySecret + "/" + keyEntry, key.encode().getBytes(StandardCharsets.UTF_8));

        AuditChainSpec spec = new AuditChainSpec();
        spec.setClusterName("a");
        DirectoryStorageSpec directory = new DirectoryStorageSpec();
        directory.setPath(data.resolve("store").toString());
        StorageSpec storage = new StorageSpec();
        storage.setDirectory(directory);
        spec.setStorage(storage);
        AuthSpec auth = new AuthSpec();
        auth.setTokenSecretRef(new SecretKeySelector("token", "chain-token", false));
        spec.setAuth(auth);
        if (namedKey) {
            spec.setSigningKeySecretRef(new SecretKeySelector("skey", "own-key", false));
        }
        AuditChain chain = new AuditChain();
        chain.setMetadata(new ObjectMetaBuilder().withNamespace(ID.namespace()).withName(ID.name()).withGeneration(3L)
                .build());
        chain.setSpec(spec);
        AuditChainStatus status = new AuditChainStatus();
        status.setRecordedGeneration(3L);
        status.setPublicKey(key.verifier().encode());
        chain.setStatus(status);
        return chain;
    }

    @Test
    void registerUnchanged_asServedBefore_registersWithItsCredentials() throws Exception {
        for (boolean namedKey : new boolean[] {true, false}) {
            registry.unregister(ID);
            assertTrue(registrar().registerUnchanged(servedBefore(namedKey)), "named key " + namedKey);
            var registered = registry.accepting(ID).orElseThrow();
            assertTrue(registered.credentials().tokenMatches("s3cret"));
            assertEquals(3, registered.generation());
        }
    }

    @Test
    void registerUnchanged_specChangedWhileDown_waitsForTheReconciler() throws Exception {
        AuditChain changed = servedBefore(true);
        changed.getMetadata().setGeneration(4L);
        assertFalse(registrar().registerUnchanged(changed));
        assertTrue(registry.find(ID).isEmpty());
    }

    @Test
    void registerUnchanged_keySecretHoldsAnotherKey_waitsForTheReconciler() throws Exception {
        AuditChain chain = servedBefore(true);
        secrets.put("own-key/skey", key().encode().getBytes(StandardCharsets.UTF_8));
        assertFalse(registrar().registerUnchanged(chain));
        assertTrue(registry.find(ID).isEmpty());
    }

    @Test
    void registerUnchanged_generatedKeySecretGone_createsNothing() {
        AuditChain chain = servedBefore(false);
        secrets.remove(SigningKeySecrets.secretName(ID.name()) + "/" + SigningKeySecrets.KEY);
        // The signing key Secrets bean is absent (null): creating a key here would fail the test.
        assertThrows(ChainConfigException.class, () -> registrar().registerUnchanged(chain));
        assertTrue(registry.find(ID).isEmpty());
    }

    @Test
    void registerUnchanged_neverServedOrBeingDeleted_waitsForTheReconciler() throws Exception {
        AuditChain fresh = servedBefore(true);
        fresh.setStatus(null);
        assertFalse(registrar().registerUnchanged(fresh));
        AuditChain deleting = servedBefore(true);
        deleting.getMetadata().setDeletionTimestamp("2026-12-05T10:00:00Z");
        assertFalse(registrar().registerUnchanged(deleting));
        assertTrue(registry.find(ID).isEmpty());
    }

    @Test
    void earlyRegistration_registersTheUnchangedChainsListed_andLeavesTheOthers() throws Exception {
        AuditChain unchanged = servedBefore(true);
        AuditChain changed = servedBefore(true);
        changed.getMetadata().setName("cluster-b");
        changed.getMetadata().setGeneration(4L);
        io.auditseal.operator.Leadership leadership = new io.auditseal.operator.Leadership();
        new EarlyRegistration(registrar(), leadership).registerAll(java.util.List.of(unchanged, changed));

        assertTrue(registry.accepting(ID).isPresent(), "served before its reconcile");
        assertTrue(registry.find(new ChainId("prod", "cluster-b")).isEmpty(), "changed: left to the reconciler");
    }
}
