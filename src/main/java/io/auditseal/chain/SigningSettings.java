package io.auditseal.chain;

import io.auditseal.hsm.TokenSelector;

import java.util.Objects;

/**
 * Where a chain's checkpoint signing key is: exactly one kind. The same type describes any signer a chain names,
 * so that a later previous signer (key rotation) is one more field of it, not a new configuration language.
 */
public sealed interface SigningSettings {

    /**
     * No key named: the sink generates one and keeps it (standalone mode: under the data directory; cluster mode:
     * the operator writes it into a Secret and names that Secret, so the sink sees {@link Secret}).
     */
    record Generated() implements SigningSettings {
    }

    /** A signed-note private key in a Secret, read at every use so that a replaced key is noticed. */
    record Secret(SecretRef key) implements SigningSettings {
        public Secret {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * An Ed25519 key pair in a PKCS#11 token, which never leaves it. The PIN is read from its Secret when the signer
     * is opened (the token stays logged in afterwards).
     *
     * @param library  absolute path of the PKCS#11 library (the sink loads only those it is configured to allow)
     * @param token    the token's label or slot index
     * @param keyLabel the label of both the private and the public key
     * @param pin      the Secret key holding the token's user PIN
     */
    record Pkcs11(String library, TokenSelector token, String keyLabel, SecretRef pin) implements SigningSettings {
        public Pkcs11 {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(keyLabel, "keyLabel");
            Objects.requireNonNull(pin, "pin");
        }
    }
}
