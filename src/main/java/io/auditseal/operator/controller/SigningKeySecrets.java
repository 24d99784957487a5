package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.format.ChainId;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;

import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The signing key of a chain whose spec names none: generated once into Secret {@code <chain>-signing-key}
 * (keys {@value #KEY} and {@value #VKEY}). The Secret has no owner: deleting the chain must not delete the only copy
 * of the key its seals were signed with.
 */
@Singleton
final class SigningKeySecrets {

    static final String KEY = "signing.key";
    static final String VKEY = "signing.vkey";

    private final KubernetesClient client;

    SigningKeySecrets(KubernetesClient client) {
        this.client = client;
    }

    static String secretName(String chain) {
        return chain + "-signing-key";
    }

    /**
     * A copy of {@code resource} whose spec names the generated key, creating it first if it does not exist. A
     * chain that already published a key (it has sealed, or was about to) never gets a new one silently: its
     * seals would then be signed by two keys. Restoring the Secret is the fix.
     */
    AuditChain withGeneratedKey(AuditChain resource, String origin) throws ChainConfigException {
        String namespace = resource.getMetadata().getNamespace();
        String name = secretName(resource.getMetadata().getName());
        if (client.secrets().inNamespace(namespace).withName(name).get() == null) {
            String published = resource.getStatus() == null ? null : resource.getStatus().getPublicKey();
            if (published != null) {
                throw new ChainConfigException("AuditChain " + namespace + "/" + resource.getMetadata().getName()
                        + ": its generated signing key Secret " + name + " is gone, but the chain already uses key "
                        + published + ". Restore the Secret from your backup; a new key would sign the chain's "
                        + "next seals with another key than its earlier ones");
            }
            create(resource, namespace, name, origin);
        }
        AuditChain copy = client.getKubernetesSerialization().clone(resource);
        copy.getSpec().setSigningKeySecretRef(new SecretKeySelector(KEY, name, false));
        return copy;
    }

    private void create(AuditChain resource, String namespace, String name, String origin) throws ChainConfigException {
        Ed25519PrivateKey signer;
        try {
            signer = Ed25519PrivateKey.generate(origin, new SecureRandom());
        } catch (MalformedNoteException e) {
            throw new ChainConfigException("AuditChain " + namespace + "/" + resource.getMetadata().getName()
                    + ": origin " + origin + " cannot name a signing key: " + e.getMessage());
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Map.of(ApiGroup.CHAIN_LABEL, resource.getMetadata().getName()))
                .withAnnotations(Map.of(ApiGroup.GROUP + "/purpose", "checkpoint signing key of AuditChain "
                        + new ChainId(namespace, resource.getMetadata().getName()) + "; keep a copy of " + VKEY
                        + " outside the cluster"))
                .endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(KEY, signer.encode() + "\n", VKEY, signer.verifier().encode() + "\n"))
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Created meanwhile (another reconcile): that key is the chain's key.
        }
    }
}
