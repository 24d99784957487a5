package io.auditseal.operator;

import io.auditseal.chain.SecretSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Secrets read from the API server, each time they are needed: a rotated Secret takes effect at the next resync. */
public final class KubernetesSecrets implements SecretSource {

    private final KubernetesClient client;

    public KubernetesSecrets(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<byte[]> read(String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(Base64.getDecoder().decode(secret.getData().get(key)));
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
