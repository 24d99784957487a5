package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.Digests;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealManifest;

/** A seal's two objects, ready to write, and the chain head once they are written. */
public record AssembledSeal(SealManifest manifest, byte[] manifestBytes, byte[] eventsObject, ChainHead next) {

    /**
     * The same seal with its events object under {@code eventsKey} (see {@code SealLayout.eventsKey(long, int)}):
     * the manifest names the key, so its bytes and digest change; the records, the log and the signed checkpoint
     * do not.
     */
    public AssembledSeal withEventsKey(String eventsKey) {
        SealManifest.EventsObject events = manifest.events();
        if (events.key().equals(eventsKey)) {
            return this;
        }
        SealManifest m = manifest;
        SealManifest moved = new SealManifest(m.chain(), m.origin(), m.sequence(), m.firstIndex(), m.treeSize(),
                m.recordCount(), m.firstTimestamp(), m.lastTimestamp(),
                new SealManifest.EventsObject(eventsKey, events.sha256(), events.size()), m.batchRoot(), m.rootHash(),
                m.compactRange(), m.previousManifestSha256(), m.checkpoint(), m.createdAt());
        byte[] bytes = ManifestCodec.encode(moved);
        return new AssembledSeal(moved, bytes, eventsObject,
                new ChainHead(next.nextSequence(), next.range(), Digests.sha256Hex(bytes)));
    }
}
