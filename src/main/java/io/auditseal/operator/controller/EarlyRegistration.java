package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.operator.ExistingChains;
import io.auditseal.operator.Leadership;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Serves the chains that exist at start-up as soon as this replica leads, before the operator's informers have
 * synced and its reconciler has run (about 4 s under load, docs/operations.md): journaling needs only a chain's
 * credentials and settings. Only chains whose current spec already took effect, with the key they published, are
 * served this way; every other chain, and every later change, waits for the reconciler, which registers the same
 * chain again only if something differs.
 */
@ApplicationScoped
public class EarlyRegistration {

    private static final Logger LOG = Logger.getLogger(EarlyRegistration.class);

    private final ChainRegistrar registrar;
    private final Leadership leadership;
    private volatile List<AuditChain> found = List.of();

    EarlyRegistration(ChainRegistrar registrar, Leadership leadership) {
        this.registrar = registrar;
        this.leadership = leadership;
    }

    /** Cluster mode listed the AuditChains at start-up: serve them as soon as this replica leads. */
    void onListed(@Observes ExistingChains listed) {
        found = listed.chains();
        leadership.whenLeading(this::start);
    }

    /** Registers the listed chains on a thread of its own (the elector's must not block). */
    void start() {
        List<AuditChain> chains = found;
        if (chains.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> registerAll(chains), "early-registration");
        thread.setDaemon(true);
        thread.start();
    }

    void registerAll(List<AuditChain> chains) {
        long started = System.nanoTime();
        int served = 0;
        for (AuditChain chain : chains) {
            String name = chain.getMetadata().getNamespace() + "/" + chain.getMetadata().getName();
            try {
                if (registrar.registerUnchanged(chain)) {
                    served++;
                } else {
                    LOG.debugf("chain %s waits for its reconcile (changed, new or without its key)", name);
                }
            } catch (ChainConfigException | KubernetesClientException | IllegalArgumentException e) {
                LOG.debugf("chain %s waits for its reconcile: %s", name, e.getMessage());
            }
        }
        LOG.infof("serving %d of %d chains before the operator's first reconcile (%d ms after leading)", served,
                chains.size(), (System.nanoTime() - started) / 1_000_000);
    }
}
