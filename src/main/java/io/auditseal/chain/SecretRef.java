package io.auditseal.chain;

import java.util.Objects;

/** One key of a Secret in the chain's namespace; the value is read when it is needed, so rotations take effect. */
public record SecretRef(String name, String key) {

    public SecretRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return name + "/" + key;
    }
}
