package io.auditseal.seal;

import io.auditseal.tlog.note.NoteSigner;

import java.util.OptionalLong;

/**
 * A configured key rotation: the key the chain is handed over from. The hand-over happens once, when the newest
 * stored seal is signed by {@code previous} and not by the chain's key (docs/FORMAT.md, "Key rotation").
 *
 * @param revokedFromTreeSize for a revocation (the previous key was compromised): checkpoints of larger trees signed
 *                            by the previous key alone are not to be accepted; at most the chain's size at the hand-over
 */
public record KeyHandover(NoteSigner previous, OptionalLong revokedFromTreeSize) {
}
