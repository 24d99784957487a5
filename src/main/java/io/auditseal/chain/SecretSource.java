package io.auditseal.chain;

import io.auditseal.format.ChainId;

import java.util.Optional;

/** Reads one key of a Secret for a chain: from YAML files in standalone mode, from the API in cluster mode. */
@FunctionalInterface
public interface SecretSource {

    /**
     * The decoded value of {@code key} in Secret {@code name} of the chain's namespace, or empty if the Secret or
     * key does not exist.
     *
     * @throws ChainConfigException when the Secret exists but is not given to the chain (cluster mode: see
     *                              {@code operator.KubernetesSecrets})
     */
    Optional<byte[]> read(ChainId chain, String name, String key) throws ChainConfigException;
}
