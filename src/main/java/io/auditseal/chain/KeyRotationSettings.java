package io.auditseal.chain;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A configured hand-over of the chain's checkpoint signing to the key its signing settings name, from
 * {@code previous} (docs/FORMAT.md, "Key rotation"). It takes effect once, when the chain's newest seal is signed by
 * the previous key; left in place afterwards, it does nothing.
 *
 * @param revokedFromTreeSize for a revocation: the tree size from which the previous key must not be trusted
 */
public record KeyRotationSettings(SigningSettings previous, OptionalLong revokedFromTreeSize) {

    public KeyRotationSettings {
        Objects.requireNonNull(previous, "previous");
        if (previous instanceof SigningSettings.Generated) {
            throw new IllegalArgumentException("a previous key is named: in a Secret or in a token");
        }
    }
}
