package io.auditseal.verify;

import io.auditseal.seal.format.ChainHead;

import io.auditseal.seal.format.SealManifest;
import io.auditseal.tlog.checkpoint.Checkpoint;

/** A seal that passed every check: its manifest, its verified checkpoint, and the chain state after it. */
public record VerifiedSeal(SealManifest manifest, Checkpoint checkpoint, ChainHead next) {
}
