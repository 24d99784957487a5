package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.SealManifest;
import io.auditseal.tlog.checkpoint.Checkpoint;

/**
 * A seal that passed every check: its manifest, its verified checkpoint, the chain state after it, and the root at
 * a size the caller asked for, when this seal reached it.
 */
public record VerifiedSeal(SealManifest manifest, Checkpoint checkpoint, ChainHead next,
                           java.util.Optional<byte[]> capturedRoot) {
}
