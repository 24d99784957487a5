package io.auditseal.operator;

import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.format.ChainId;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cluster mode: chains come from AuditChain resources, seals are recorded as AuditSeal resources. Starts the
 * operator only after checking that the API server answers, so that a process without a cluster fails at once
 * with a message that says what to do, instead of retrying in the background.
 */
@ApplicationScoped
public class ClusterMode {

    private static final Logger LOG = Logger.getLogger(ClusterMode.class);

    private final KubernetesClient client;
    private final Operator operator;
    private final ChainRegistry registry;
    private final Event<ExistingChains> listed;

    public ClusterMode(KubernetesClient client, Operator operator, ChainRegistry registry, Event<ExistingChains> listed) {
        this.client = client;
        this.operator = operator;
        this.registry = registry;
        this.listed = listed;
    }

    public KubernetesClient client() {
        return client;
    }

    public void start() {
        String server = client.getConfiguration().getMasterUrl();
        // A client of its own without retries, so that a missing cluster fails in seconds, not after backoff.
        var probeConfig = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0)
                .withRequestTimeout(10_000).withConnectionTimeout(5_000).build();
        try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(probeConfig).build()) {
            var version = probe.getKubernetesVersion();
            LOG.infof("cluster mode: Kubernetes API %s (%s.%s), namespace %s", server, version.getMajor(),
                    version.getMinor(), client.getNamespace());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cluster mode cannot reach the Kubernetes API at " + server + ": "
                    + rootMessage(e) + ". Give a kubeconfig (KUBECONFIG) or run in a pod; to serve without "
                    + "Kubernetes, start with serve --standalone --config DIR", e);
        }
        // Its service account's tokens are key material wherever a chain's redaction settings stand.
        if (client.getNamespace() != null) {
            registry.addSinkNamespace(client.getNamespace());
        }
        ConfigProvider.getConfig().getOptionalValue("auditseal.operator.lease-namespace", String.class)
                .ifPresent(registry::addSinkNamespace);
        expectExistingChains();
        operator.start();
    }

    /**
     * Marks the AuditChains that exist now as expected, so that webhook requests arriving before the reconciler
     * registers them (right after a restart) get a retryable 503 instead of a 404 that kube-apiserver would not
     * retry.
     */
    private void expectExistingChains() {
        Optional<String> watched = ConfigProvider.getConfig().getOptionalValue("quarkus.operator-sdk.namespaces", String.class);
        try {
            List<AuditChain> found = new ArrayList<>();
            // QOSDK's and JOSDK's markers for "every namespace" (the defaults when nothing is configured).
            if (watched.isEmpty() || watched.get().isBlank() || watched.get().contains("QOSDK_USE_BUILDTIME_NAMESPACES")
                    || watched.get().contains("JOSDK_ALL_NAMESPACES")) {
                found.addAll(client.resources(AuditChain.class).inAnyNamespace().list().getItems());
            } else {
                for (String namespace : watched.get().split(",")) {
                    String ns = namespace.strip().equals("JOSDK_WATCH_CURRENT") ? client.getNamespace() : namespace.strip();
                    found.addAll(client.resources(AuditChain.class).inNamespace(ns).list().getItems());
                }
            }
            List<ChainId> ids = new ArrayList<>();
            for (AuditChain chain : found) {
                try {
                    ids.add(new ChainId(chain.getMetadata().getNamespace(), chain.getMetadata().getName()));
                } catch (IllegalArgumentException invalid) {
                    // Reported by the reconciler.
                }
            }
            registry.expect(ids);
            // Served as soon as this replica leads, before the operator's informers and reconciler have run.
            listed.fire(new ExistingChains(found));
        } catch (KubernetesClientException e) {
            LOG.warnf("could not list AuditChains before starting (%s): until each is reconciled, its webhook "
                    + "requests get 404", e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? e.getMessage() : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
