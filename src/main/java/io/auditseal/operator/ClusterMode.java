package io.auditseal.operator;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

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

    public ClusterMode(KubernetesClient client, Operator operator) {
        this.client = client;
        this.operator = operator;
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
        operator.start();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? e.getMessage() : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
