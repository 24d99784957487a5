package io.auditseal;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.ChainResolver;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.chain.StandaloneConfig;
import io.auditseal.journal.Journal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Fills the chain registry at startup. Standalone mode reads AuditChain and Secret YAML from the config directory;
 * cluster mode (the operator) is not built yet, so the server refuses to start without --standalone rather than
 * run with no chains.
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
    SecretSource secrets() {
        return secrets;
    }

    /** Signing keys of the configured chains (from their Secrets, or generated under the data directory). */
    SigningKeys signingKeys() {
        return signingKeys;
    }

    void load(@Observes StartupEvent event, ServeConfig config, ChainRegistry registry, Journal journal,
              MeterRegistry metrics, jakarta.enterprise.inject.Instance<SealingService> sealing) {
        if (!config.standalone()) {
            throw new IllegalStateException("cluster mode needs the operator, which this build does not have yet: "
                    + "start with serve --standalone --config DIR");
        }
        Path directory = config.configDir().orElseThrow(() ->
                new IllegalStateException("standalone mode needs --config DIR (auditseal.config-dir)"));
        try {
            StandaloneConfig standalone = StandaloneConfig.load(directory);
            ChainResolver resolver = new ChainResolver(standalone);
            secrets = standalone;
            signingKeys = new SigningKeys(standalone, config.dataDir().resolve("keys"));
            for (var resource : standalone.chains()) {
                RegisteredChain chain = resolver.resolve(resource);
                registry.register(chain);
                Gauge.builder("auditseal.journal.pending.records", journal, j -> j.pendingRecords(chain.id()))
                        .description("Journaled records not yet sealed").tag("chain", chain.id().toString())
                        .register(metrics);
                LOG.infof("chain %s (origin %s): audit webhook /v1/audit/%s/%s, admission /v1/admission/%s/%s",
                        chain.id(), chain.origin(), chain.id().namespace(), chain.id().name(),
                        chain.id().namespace(), chain.id().name());
            }
            sealing.get().follow(registry);
            if (registry.chains().isEmpty()) {
                LOG.warnf("no AuditChain found in %s: every webhook request will get 404", directory);
            }
        } catch (ChainConfigException e) {
            throw new IllegalStateException("chain configuration in " + directory + " is invalid: " + e.getMessage(), e);
        }
    }
}
