package io.auditseal.format;

import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

/**
 * Where a chain stands after a seal: the sequence the next seal gets, the log's compact range [0, treeSize) and the
 * digest the next manifest links to. The sealer persists it to extend the chain; the verifier carries it from one
 * seal to the next.
 */
public record ChainHead(long nextSequence, CompactRange range, String lastManifestSha256) {

    public ChainHead {
        if (range.begin() != 0) {
            throw new IllegalArgumentException("a chain head's range must start at 0, got " + range);
        }
        range = range.copy();
    }

    /** A chain with no seals. */
    public static ChainHead genesis() {
        return new ChainHead(0, CompactRange.empty(Rfc6962Hasher.SHA256), SealManifest.NO_PREVIOUS_MANIFEST);
    }

    public long treeSize() {
        return range.end();
    }

    @Override
    public CompactRange range() {
        return range.copy();
    }
}
