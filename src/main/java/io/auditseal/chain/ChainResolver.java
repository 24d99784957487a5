package io.auditseal.chain;

import io.auditseal.operator.crd.v1alpha1.chain.AuditChain;
import io.auditseal.operator.crd.v1alpha1.chain.AuditChainSpec;
import io.auditseal.operator.crd.v1alpha1.chain.spec.AuthSpec;
import io.auditseal.seal.format.ChainId;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;

/**
 * Turns an AuditChain resource into a {@link RegisteredChain}: validates what the sink needs and resolves the
 * credentials it references. Shared by standalone mode and the operator, so both accept exactly the same chains.
 */
public final class ChainResolver {

    private final SecretSource secrets;

    public ChainResolver(SecretSource secrets) {
        this.secrets = secrets;
    }

    public RegisteredChain resolve(AuditChain resource) throws ChainConfigException {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        ChainId id;
        try {
            id = new ChainId(namespace, name);
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + namespace + "/" + name + ": " + e.getMessage());
        }
        AuditChainSpec spec = resource.getSpec();
        if (spec == null) {
            throw new ChainConfigException("AuditChain " + id + " has no spec");
        }
        if (spec.getClusterName() == null || spec.getClusterName().isBlank()) {
            throw new ChainConfigException("AuditChain " + id + ": spec.clusterName is required");
        }
        if (spec.getStorage() == null || (spec.getStorage().getS3() == null) == (spec.getStorage().getDirectory() == null)) {
            throw new ChainConfigException("AuditChain " + id + ": spec.storage needs exactly one of s3 or directory");
        }
        try {
            Durations.parse(spec.getBatch().getMaxDelay());
            Durations.parse(spec.getVerifyInterval());
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + id + ": " + e.getMessage());
        }
        AuthSpec auth = spec.getAuth();
        Optional<String> token = Optional.empty();
        SecretKeySelector tokenRef = auth.getTokenSecretRef();
        if (tokenRef != null) {
            byte[] value = secrets.read(namespace, tokenRef.getName(), tokenRef.getKey()).orElseThrow(() ->
                    new ChainConfigException("AuditChain " + id + ": spec.auth.tokenSecretRef: Secret "
                            + namespace + "/" + tokenRef.getName() + " has no key " + tokenRef.getKey()));
            token = Optional.of(new String(value, StandardCharsets.UTF_8).strip());
        }
        ChainCredentials credentials;
        try {
            credentials = ChainCredentials.of(token, new HashSet<>(auth.getClientCertificateSubjects()));
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + id + ": spec.auth: " + e.getMessage());
        }
        Long generation = resource.getMetadata().getGeneration();
        return new RegisteredChain(id, generation == null ? 0 : generation, spec, credentials);
    }
}
