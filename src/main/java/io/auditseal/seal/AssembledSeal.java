package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.SealManifest;

/** A seal's two objects, ready to write, and the chain head once they are written. */
public record AssembledSeal(SealManifest manifest, byte[] manifestBytes, byte[] eventsObject, ChainHead next) {
}
