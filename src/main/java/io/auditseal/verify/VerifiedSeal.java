package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.SealManifest;
import io.auditseal.tlog.checkpoint.Checkpoint;

/**
 * A seal that passed every check: its manifest, its verified checkpoint, the chain state after it, the root at a
 * size the caller asked for, when this seal reached it, and the key rotation it holds, if it hands the chain over.
 */
public record VerifiedSeal(SealManifest manifest, Checkpoint checkpoint, ChainHead next,
                           java.util.Optional<byte[]> capturedRoot, java.util.Optional<KeyRotation> handover) {

    public VerifiedSeal(SealManifest manifest, Checkpoint checkpoint, ChainHead next,
                        java.util.Optional<byte[]> capturedRoot) {
        this(manifest, checkpoint, next, capturedRoot, java.util.Optional.empty());
    }
}
