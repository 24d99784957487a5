package io.auditseal.operator;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.SecretSource;
import io.auditseal.format.ChainId;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets read from the API server, each time they are needed: a rotated Secret takes effect at the next resync.
 * Only Secrets given to AuditSeal are used: labelled {@value ApiGroup#CHAIN_LABEL}={@code <chain>} (for that chain;
 * the operator labels the signing key it generates so) or {@value #ANY_CHAIN_LABEL}=true (for any chain of the
 * namespace). The operator may read every Secret of the namespaces it watches, while whoever may edit an AuditChain
 * may not: without the label, such a user could name any Secret as the chain's S3 credentials, with an endpoint of
 * their own, and receive its value in the first request's signature header.
 */
public final class KubernetesSecrets implements SecretSource {

    /** The label that gives a Secret to every AuditChain of its namespace (shared S3 credentials, say). */
    public static final String ANY_CHAIN_LABEL = ApiGroup.GROUP + "/any-chain";

    private final KubernetesClient client;

    public KubernetesSecrets(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<byte[]> read(ChainId chain, String name, String key) throws ChainConfigException {
        Secret secret = client.secrets().inNamespace(chain.namespace()).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        if (!givenTo(secret, chain)) {
            throw new ChainConfigException("AuditChain " + chain + ": Secret " + chain.namespace() + "/" + name
                    + " is not given to AuditSeal, so it is not read: label it " + ApiGroup.CHAIN_LABEL + "="
                    + chain.name() + " (this chain) or " + ANY_CHAIN_LABEL + "=true (any chain of the namespace): "
                    + "kubectl -n " + chain.namespace() + " label secret " + name + " " + ApiGroup.CHAIN_LABEL + "="
                    + chain.name());
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(Base64.getDecoder().decode(secret.getData().get(key)));
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /** Whether the Secret's labels give it to {@code chain}. */
    public static boolean givenTo(Secret secret, ChainId chain) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && (chain.name().equals(labels.get(ApiGroup.CHAIN_LABEL))
                || "true".equals(labels.get(ANY_CHAIN_LABEL)));
    }
}
