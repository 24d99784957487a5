package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.seal.CommittedSeal;
import io.auditseal.seal.SealerStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Cluster mode: records each seal, once written and read back, as an AuditSeal resource. A seal whose record cannot
 * be created now (API down) is not lost: it is in storage, and the AuditChain reconciler re-creates missing records
 * from verified storage, annotated as such.
 */
@ApplicationScoped
public class AuditSealRecorder {

    private static final Logger LOG = Logger.getLogger(AuditSealRecorder.class);

    private final boolean clusterMode;
    private final ChainRegistry registry;
    private final Instance<KubernetesClient> client;
    private final Instance<SealerStatus> sealers;

    public AuditSealRecorder(@ConfigProperty(name = "auditseal.standalone", defaultValue = "false") boolean standalone,
                             ChainRegistry registry, Instance<KubernetesClient> client, Instance<SealerStatus> sealers) {
        this.clusterMode = !standalone;
        this.registry = registry;
        this.client = client;
        this.sealers = sealers;
    }

    void onSealed(@Observes CommittedSeal seal) {
        if (!clusterMode) {
            return;
        }
        Optional<RegisteredChain> chain = registry.find(seal.chain());
        if (chain.isEmpty()) {
            return;
        }
        String location = sealers.get().storage(seal.chain()).map(SealerStatus.StorageFindings::location).orElse("");
        AuditSeal resource = AuditSeals.of(chain.get(), seal.manifest(), seal.manifestSha256(),
                seal.manifestVersionId(), seal.eventsVersionId(), seal.retention(), location, seal.handover());
        try {
            client.get().resources(AuditSeal.class).inNamespace(seal.chain().namespace()).resource(resource).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return; // already recorded (adopted seal after a restart, or restored by the chain reconciler)
            }
            LOG.warnf("seal %d of chain %s is stored but its AuditSeal could not be created (%s); the chain "
                    + "reconciler will re-create it from storage", seal.manifest().sequence(), seal.chain(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "seal %d of chain %s is stored but its AuditSeal could not be created", seal.manifest().sequence(),
                    seal.chain());
        }
    }
}
