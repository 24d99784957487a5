package io.auditseal.chain;

import java.util.Optional;

/** Reads one key of a Secret in a namespace: from YAML files in standalone mode, from the API in cluster mode. */
@FunctionalInterface
public interface SecretSource {

    /** The decoded value of {@code key} in Secret {@code name}, or empty if the Secret or key does not exist. */
    Optional<byte[]> read(String namespace, String name, String key);
}
