package io.auditseal;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.ChainResolver;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.chain.StandaloneConfig;
import io.auditseal.journal.Journal;
import io.auditseal.operator.ClusterMode;
import io.auditseal.operator.KubernetesSecrets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Fills the chain registry. Standalone mode reads AuditChain and Secret YAML from the config directory at startup;
 * cluster mode starts the operator, whose AuditChain reconciler registers chains as they appear and change.
 */
@ApplicationScoped
public class ChainsStartup {

    private static final Logger LOG = Logger.getLogger(ChainsStartup.class);

    @Produces
    @Singleton
    ChainRegistry chainRegistry() {
        return new ChainRegistry();
    }

    private volatile SigningKeys signingKeys;
    private volatile SecretSource secrets;

    /** Secrets the chains reference: the standalone YAML's, or (cluster mode) the API's. */
    public SecretSource secrets() {
        return secrets;
    }

    /** Signing keys of the configured chains (from their Secrets, or generated under the data directory). */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    void load(@Observes StartupEvent event, ServeConfig config, ChainRegistry registry, Journal journal,
              MeterRegistry metrics, Instance<SealingService> sealing, Instance<ClusterMode> cluster) {
        registry.addListener(id -> registry.find(id).ifPresent(chain -> {
            if (metrics.find("auditseal.journal.pending.records").tag("chain", id.toString()).gauge() == null) {
                Gauge.builder("auditseal.journal.pending.records", journal, j -> j.pendingRecords(id))
                        .description("Journaled records not yet sealed").tag("chain", id.toString()).register(metrics);
            }
            LOG.infof("chain %s (origin %s): audit webhook /v1/audit/%s/%s, admission /v1/admission/%s/%s", id,
                    chain.origin(), id.namespace(), id.name(), id.namespace(), id.name());
        }));
        if (config.standalone()) {
            loadStandalone(config, registry);
            sealing.get().follow(registry);
        } else {
            ClusterMode clusterMode = cluster.get();
            secrets = new KubernetesSecrets(clusterMode.client());
            signingKeys = new SigningKeys(secrets, config.dataDir().resolve("keys"));
            sealing.get().follow(registry);
            clusterMode.start();
        }
    }

    private void loadStandalone(ServeConfig config, ChainRegistry registry) {
        Path directory = config.configDir().orElseThrow(() ->
                new IllegalStateException("standalone mode needs --config DIR (auditseal.config-dir)"));
        try {
            StandaloneConfig standalone = StandaloneConfig.load(directory);
            ChainResolver resolver = new ChainResolver(standalone);
            secrets = standalone;
            signingKeys = new SigningKeys(standalone, config.dataDir().resolve("keys"));
            for (var resource : standalone.chains()) {
                registry.register(resolver.resolve(resource));
            }
            if (registry.chains().isEmpty()) {
                LOG.warnf("no AuditChain found in %s: every webhook request will get 404", directory);
            }
        } catch (ChainConfigException e) {
            throw new IllegalStateException("chain configuration in " + directory + " is invalid: " + e.getMessage(), e);
        }
    }
}
