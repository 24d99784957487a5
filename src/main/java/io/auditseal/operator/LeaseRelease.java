package io.auditseal.operator;

import io.auditseal.seal.SealerControl;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Hands the Lease back on a graceful shutdown, so that a successor (the next pod of a rollout, a standby) seals at
 * once instead of waiting out the lease duration while kube-apiserver's retries run down. JOSDK does not release
 * it (its elector is built with releaseOnCancel off), so this does, in the order that keeps one writer per chain:
 * first every sealer stops and finishes the write it is in, then the Lease is cleared. If a sealer is still
 * writing when its wait runs out, the Lease is kept and simply expires: a successor must not start on top of it.
 *
 * <p>It runs after QOSDK has stopped the operator (its shutdown observer has priority 3123): a running elector
 * would renew the Lease over the release, or fail it with a conflict. By then the elector may already have said
 * this replica stopped leading, so the Lease itself decides: it is released if it still names this replica.
 */
@Singleton
public class LeaseRelease {

    private static final Logger LOG = Logger.getLogger(LeaseRelease.class);
    /** QOSDK's AppEventListener stops the operator, and with it the elector, at 3123. */
    static final int AFTER_THE_OPERATOR_STOPS = 3200;

    private final Leadership leadership;
    private final SealerControl sealers;
    private final KubernetesClient client;
    private final OperatorConfig config;

    public LeaseRelease(Leadership leadership, SealerControl sealers, KubernetesClient client, OperatorConfig config) {
        this.leadership = leadership;
        this.sealers = sealers;
        this.client = client;
        this.config = config;
    }

    void onShutdown(@Observes @Priority(AFTER_THE_OPERATOR_STOPS) ShutdownEvent event) {
        if (!leadership.electionActive()) {
            return;
        }
        if (!sealers.stopAll()) {
            LOG.warnf("a sealer was still writing at shutdown: Lease %s is kept and expires on its own", config.leaseName());
            return;
        }
        release();
    }

    /** Clears the holder if it is still this replica; true if the Lease was released. */
    boolean release() {
        String namespace = config.leaseNamespace().orElseGet(client::getNamespace);
        for (int attempt = 1; ; attempt++) {
            try {
                Lease lease = client.leases().inNamespace(namespace).withName(config.leaseName()).get();
                if (lease == null || lease.getSpec() == null
                        || !leadership.identity().equals(lease.getSpec().getHolderIdentity())) {
                    return false;
                }
                // An update, not a patch: it carries the resourceVersion read, so a Lease taken meanwhile is left
                // alone (a conflict, read again).
                lease.getSpec().setHolderIdentity(null);
                lease.getSpec().setLeaseDurationSeconds(1);
                client.leases().inNamespace(namespace).resource(lease).update();
                LOG.infof("released Lease %s/%s: a successor can seal at once", namespace, config.leaseName());
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < 3) {
                    continue;
                }
                LOG.warnf("could not release Lease %s/%s (%s): it expires on its own", namespace, config.leaseName(),
                        e.getMessage());
                return false;
            }
        }
    }
}
