package io.auditseal.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AuditChain read from the current kubectl context, as the kubectl plugin needs it: where its seals are and how
 * to reach them. Read as a generic resource so that the CLI does not depend on the operator's classes.
 */
final class ClusterChain {

    static final ResourceDefinitionContext AUDIT_CHAINS = new ResourceDefinitionContext.Builder()
            .withGroup("auditseal.io").withVersion("v1alpha1").withPlural("auditchains").withNamespaced(true).build();
    static final ResourceDefinitionContext AUDIT_SEALS = new ResourceDefinitionContext.Builder()
            .withGroup("auditseal.io").withVersion("v1alpha1").withPlural("auditseals").withNamespaced(true).build();

    final String namespace;
    final String name;
    final GenericKubernetesResource resource;

    private ClusterChain(String namespace, String name, GenericKubernetesResource resource) {
        this.namespace = namespace;
        this.name = name;
        this.resource = resource;
    }

    static ClusterChain load(KubernetesClient client, String namespace, String name) {
        String ns = namespace != null ? namespace : Optional.ofNullable(client.getNamespace()).orElse("default");
        GenericKubernetesResource resource = client.genericKubernetesResources(AUDIT_CHAINS).inNamespace(ns)
                .withName(name).get();
        if (resource == null) {
            throw new IllegalArgumentException("no AuditChain " + ns + "/" + name + " in the current context");
        }
        return new ClusterChain(ns, name, resource);
    }

    Optional<String> string(String... path) {
        Object node = resource.getAdditionalProperties();
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        return node == null ? Optional.empty() : Optional.of(String.valueOf(node));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> conditions() {
        Object status = resource.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> list) {
            return (List<Map<String, Object>>) list;
        }
        return List.of();
    }

    /** The value of {@code key} in Secret {@code secret} of the chain's namespace, if the user may read it. */
    Optional<String> secretValue(KubernetesClient client, String secret, String key) {
        try {
            Secret found = client.secrets().inNamespace(namespace).withName(secret).get();
            if (found == null || found.getData() == null || !found.getData().containsKey(key)) {
                return Optional.empty();
            }
            return Optional.of(new String(Base64.getDecoder().decode(found.getData().get(key)), StandardCharsets.UTF_8).strip());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }
}
