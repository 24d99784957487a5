package io.auditseal.operator.controller;

import io.auditseal.api.ChainResolver;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainStatus;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.format.ChainId;
import io.auditseal.seal.SealerStatus;
import io.auditseal.tlog.note.NoteSigner;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;

import java.util.Objects;
import java.util.Optional;

/**
 * Makes an AuditChain what the sink serves: its spec and Secrets resolved, its signing key read, and registered with
 * the sink. Shared by the reconciler and by {@code EarlyRegistration}, which serves unchanged chains as soon as this
 * replica leads, before the reconciler has run.
 */
@Singleton
public class ChainRegistrar {

    private final ChainRegistry registry;
    private final SecretSource secrets;
    private final SigningKeys signingKeys;
    private final SigningKeySecrets signingKeySecrets;
    private final SealerStatus sealers;
    private final KubernetesClient client;

    ChainRegistrar(ChainRegistry registry, SecretSource secrets, SigningKeys signingKeys,
                   SigningKeySecrets signingKeySecrets, SealerStatus sealers, KubernetesClient client) {
        this.registry = registry;
        this.secrets = secrets;
        this.signingKeys = signingKeys;
        this.signingKeySecrets = signingKeySecrets;
        this.sealers = sealers;
        this.client = client;
    }

    /** The chain as the sink serves it; generates its signing key Secret if the spec names none and none exists. */
    RegisteredChain resolve(AuditChain resource, ChainId id) throws ChainConfigException {
        AuditChain effective = resource;
        // A chain that names no key at all gets a generated one; a signer (a PKCS#11 token) is a key named.
        if (resource.getSpec() != null && resource.getSpec().getSigningKeySecretRef() == null
                && resource.getSpec().getSigner() == null) {
            String origin = resource.getSpec().getOrigin();
            effective = signingKeySecrets.withGeneratedKey(resource,
                    origin == null || origin.isBlank() ? id.defaultOrigin() : origin);
        }
        return new ChainResolver(secrets).resolve(effective);
    }

    NoteSigner signer(RegisteredChain chain) throws ChainConfigException {
        return signingKeys.forChain(chain);
    }

    /**
     * Registers the chain when anything the sink uses of it changed: its generation, its senders' credentials, or
     * the key in its signing key Secret (then its sealer restarts, and refuses a key the stored chain is not
     * signed with).
     */
    void register(RegisteredChain chain, NoteSigner signer) {
        Optional<RegisteredChain> current = registry.find(chain.id());
        boolean keyChanged = sealers.sealer(chain.id())
                .map(running -> !running.verifier().encode().equals(signer.verifier().encode())).orElse(false);
        if (current.isEmpty() || current.get().generation() != chain.generation()
                || !current.get().credentials().equals(chain.credentials()) || keyChanged) {
            registry.register(chain);
        }
    }

    /**
     * Registers a chain exactly as it was served before this process started, without waiting for its reconcile:
     * only if its current generation already took effect (it was recorded), it is not being deleted, and its
     * Secrets still give the key it published. Anything else (a changed spec, a missing or replaced key) is left to
     * the reconciler, which records, generates or refuses as it must. Creates nothing.
     *
     * @return whether the chain was registered (or already was)
     */
    public boolean registerUnchanged(AuditChain resource) throws ChainConfigException {
        AuditChainStatus status = resource.getStatus();
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        if (status == null || status.getPublicKey() == null || resource.getSpec() == null
                || resource.getMetadata().getDeletionTimestamp() != null
                || !Long.valueOf(generation).equals(status.getRecordedGeneration())) {
            return false;
        }
        ChainId id;
        try {
            id = new ChainId(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (registry.find(id).isPresent()) {
            return true;
        }
        AuditChain effective = resource;
        if (resource.getSpec().getSigningKeySecretRef() == null && resource.getSpec().getSigner() == null) {
            effective = client.getKubernetesSerialization().clone(resource);
            effective.getSpec().setSigningKeySecretRef(new SecretKeySelector(SigningKeySecrets.KEY,
                    SigningKeySecrets.secretName(id.name()), false));
        }
        RegisteredChain chain = new ChainResolver(secrets).resolve(effective);
        NoteSigner signer = signingKeys.forChain(chain);
        if (!signer.verifier().encode().equals(status.getPublicKey())) {
            return false;
        }
        registry.register(chain);
        return true;
    }
}
