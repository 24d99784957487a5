package io.auditseal.server;

import io.auditseal.api.StandaloneConfig;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.chain.StoreOpener;
import io.auditseal.operator.KubernetesSecrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.List;

/**
 * Where chains and the Secrets they name come from: standalone mode reads AuditChain and Secret YAML from the config
 * directory, cluster mode reads Secrets from the API. Each bean is made on first use, complete.
 */
@ApplicationScoped
public class ChainSources {

    @Produces
    @Singleton
    ChainRegistry chainRegistry() {
        return new ChainRegistry();
    }

    /** The standalone YAML; only asked for in standalone mode. Typed: as a SecretSource it goes through secrets(). */
    @Produces
    @Singleton
    @Typed(StandaloneConfig.class)
    StandaloneConfig standaloneConfig(ServeConfig config) {
        Path directory = config.configDir().orElseThrow(() ->
                new IllegalStateException("standalone mode needs --config DIR (auditseal.config-dir)"));
        try {
            return StandaloneConfig.load(directory);
        } catch (ChainConfigException e) {
            throw new IllegalStateException("chain configuration in " + directory + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Secrets the chains reference: the standalone YAML's, or (cluster mode) the API's. */
    @Produces
    @Singleton
    SecretSource secrets(ServeConfig config, Instance<StandaloneConfig> standalone, Instance<KubernetesClient> client) {
        return config.standalone() ? standalone.get() : new KubernetesSecrets(client.get());
    }

    /**
     * Signing keys of the configured chains (from their Secrets, PKCS#11 tokens, or generated under the data
     * directory). A chain's PKCS#11 signer is closed when the chain is gone, and all of them when the sink stops.
     */
    @Produces
    @Singleton
    SigningKeys signingKeys(ServeConfig config, SecretSource secrets, ChainRegistry registry) {
        SigningKeys keys = new SigningKeys(secrets, config.dataDir().resolve("keys"),
                config.pkcs11().libraries().orElse(List.of()));
        registry.addListener(id -> {
            if (registry.find(id).isEmpty()) {
                keys.release(id);
            }
        });
        return keys;
    }

    void closeSigningKeys(@Disposes SigningKeys keys) {
        keys.close();
    }

    @Produces
    @Singleton
    StoreOpener storeOpener(ServeConfig config, SecretSource secrets) {
        return new StoreOpener(secrets, config.dataDir());
    }
}
