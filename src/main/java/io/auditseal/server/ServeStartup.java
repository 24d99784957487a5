package io.auditseal.server;

import io.auditseal.api.ChainResolver;
import io.auditseal.api.StandaloneConfig;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.journal.Journal;
import io.auditseal.operator.ClusterMode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Starts serving: fills the chain registry (standalone: from the YAML, once; cluster mode: the operator's AuditChain
 * reconciler, as chains appear and change) and makes the sealers follow it.
 */
@ApplicationScoped
public class ServeStartup {

    private static final Logger LOG = Logger.getLogger(ServeStartup.class);

    void start(@Observes StartupEvent event, ServeConfig config, ChainRegistry registry, Journal journal,
               MeterRegistry metrics, SealingService sealing, Instance<StandaloneConfig> standalone,
               Instance<ClusterMode> cluster) {
        registry.addListener(id -> registry.find(id).ifPresent(chain -> {
            if (metrics.find("auditseal.journal.pending.records").tag("chain", id.toString()).gauge() == null) {
                Gauge.builder("auditseal.journal.pending.records", journal, j -> j.pendingRecords(id))
                        .description("Journaled records not yet sealed").tag("chain", id.toString()).register(metrics);
                Gauge.builder("auditseal.journal.chain.pending.bytes", journal, j -> j.pendingBytes(id))
                        .description("Journaled payload bytes of the chain not yet sealed").baseUnit("bytes")
                        .tag("chain", id.toString()).register(metrics);
            }
            LOG.infof("chain %s (origin %s): audit webhook /v1/audit/%s/%s, admission /v1/admission/%s/%s", id,
                    chain.origin(), id.namespace(), id.name(), id.namespace(), id.name());
        }));
        if (config.standalone()) {
            register(standalone.get(), registry, config);
            sealing.follow(registry);
        } else {
            sealing.follow(registry);
            cluster.get().start();
        }
    }

    private static void register(StandaloneConfig standalone, ChainRegistry registry, ServeConfig config) {
        ChainResolver resolver = new ChainResolver(standalone);
        try {
            for (var resource : standalone.chains()) {
                registry.register(resolver.resolve(resource));
            }
        } catch (ChainConfigException e) {
            throw new IllegalStateException("chain configuration in " + config.configDir().orElseThrow() + " is invalid: "
                    + e.getMessage(), e);
        }
        if (registry.chains().isEmpty()) {
            LOG.warnf("no AuditChain found in %s: every webhook request will get 404", config.configDir().orElseThrow());
        }
    }
}
