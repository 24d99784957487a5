package io.auditseal.witness;

import io.auditseal.format.ChainId;
import io.auditseal.format.EventsObject;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeId;
import io.auditseal.tlog.proof.LeafHashTree;
import io.auditseal.tlog.proof.ProofBuilder;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consistency proofs between two of a chain's seals, from what storage holds: the older seal's compact range covers
 * every node a proof needs left of the old size (RFC 9162 asks only for ranges that end there or lie wholly on one
 * side of it), and the records of the seals since give the nodes right of it. So a proof costs the records written
 * since the older seal, not the whole log.
 */
final class SealTree {

    private static final HexFormat HEX = HexFormat.of();
    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    /** The old size is not where any seal of this chain ends: nobody but another writer signed that tree. */
    static final class NotASealBoundaryException extends Exception {
        NotASealBoundaryException(String message) {
            super(message);
        }
    }

    /** Seals whose manifest and leaf hashes stay at hand: a submission asks for the same few for every witness. */
    private static final int CACHED_SEALS = 16;

    private final ObjectStore store;
    private final ChainId chain;
    private final String prefix;
    // Sealed objects never change, so what was read once is kept (per sequence, the most recent few). One
    // submission runs at a time per chain (Witnessing), but the maps are synchronized all the same.
    private final Map<Long, SealManifest> manifests = Collections.synchronizedMap(recent());
    private final Map<Long, List<byte[]>> leaves = Collections.synchronizedMap(recent());

    SealTree(ObjectStore store, ChainId chain) {
        this.store = store;
        this.chain = chain;
        this.prefix = SealLayout.chainPrefix(chain);
    }

    /**
     * PROOF(oldSize, D[0:newSize]) where seal {@code newSequence} ends at {@code newSize}. Requires
     * 0 < oldSize < newSize.
     *
     * @throws NotASealBoundaryException if no seal at or before {@code newSequence} ends at {@code oldSize}
     */
    List<byte[]> consistency(long oldSize, long newSize, long newSequence)
            throws StoreException, NotASealBoundaryException {
        if (oldSize <= 0 || oldSize >= newSize) {
            throw new IllegalArgumentException("a proof from size " + oldSize + " to " + newSize + " is empty or none");
        }
        List<SealManifest> newer = new ArrayList<>();
        long sequence = newSequence;
        SealManifest manifest = manifest(sequence);
        if (manifest.treeSize() != newSize) {
            throw new IllegalArgumentException("seal " + newSequence + " ends at " + manifest.treeSize() + ", not " + newSize);
        }
        while (manifest.treeSize() > oldSize) {
            newer.add(0, manifest);
            if (manifest.firstIndex() < oldSize || sequence == 0) {
                throw new NotASealBoundaryException("tree size " + oldSize + " falls inside seal " + sequence + " ["
                        + manifest.firstIndex() + ", " + manifest.treeSize() + ") of chain " + chain);
            }
            manifest = manifest(--sequence);
        }
        if (manifest.treeSize() != oldSize) {
            throw new NotASealBoundaryException("no seal of chain " + chain + " ends at tree size " + oldSize);
        }
        Map<NodeId, byte[]> left = new HashMap<>();
        List<NodeId> nodes = CompactRange.decompose(0, oldSize);
        for (int i = 0; i < nodes.size(); i++) {
            left.put(nodes.get(i), HEX.parseHex(manifest.compactRange().get(i)));
        }
        List<byte[]> right = new ArrayList<>();
        for (SealManifest seal : newer) {
            right.addAll(leafHashes(seal));
        }
        LeafHashTree rightTree = new LeafHashTree(HASHER, right);
        return new ProofBuilder((begin, end) -> end <= oldSize ? fold(left, begin, end)
                : rightTree.rootOf(begin - oldSize, end - oldSize)).consistency(oldSize, newSize);
    }

    /** MTH of [begin, end) from the old compact range's nodes: a suffix of them, folded from the right. */
    private static byte[] fold(Map<NodeId, byte[]> known, long begin, long end) {
        List<NodeId> nodes = CompactRange.decompose(begin, end);
        byte[] root = null;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            byte[] hash = known.get(nodes.get(i));
            if (hash == null) {
                throw new IllegalStateException("logic error: range [" + begin + ", " + end + ") needs node "
                        + nodes.get(i) + ", which the old compact range does not hold");
            }
            root = root == null ? hash : HASHER.hashChildren(hash, root);
        }
        return root;
    }

    private static <V> Map<Long, V> recent() {
        return new LinkedHashMap<>(CACHED_SEALS, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > CACHED_SEALS;
            }
        };
    }

    private SealManifest manifest(long sequence) throws StoreException {
        SealManifest cached = manifests.get(sequence);
        if (cached != null) {
            return cached;
        }
        SealManifest manifest = readManifest(sequence);
        manifests.put(sequence, manifest);
        return manifest;
    }

    private SealManifest readManifest(long sequence) throws StoreException {
        String key = prefix + SealLayout.manifestKey(sequence);
        StoredObject stored = store.get(key).orElseThrow(() -> new StoreException(key + " is missing", false, null));
        try {
            return ManifestCodec.decode(stored.data());
        } catch (InvalidManifestException e) {
            throw new StoreException(key + " is not a manifest: " + e.getMessage(), false, e);
        }
    }

    private List<byte[]> leafHashes(SealManifest seal) throws StoreException {
        List<byte[]> cached = leaves.get(seal.sequence());
        if (cached != null) {
            return cached;
        }
        List<byte[]> hashes = readLeafHashes(seal);
        leaves.put(seal.sequence(), hashes);
        return hashes;
    }

    private List<byte[]> readLeafHashes(SealManifest seal) throws StoreException {
        String key = prefix + seal.events().key();
        Optional<StoredObject> events = store.get(key);
        if (events.isEmpty()) {
            throw new StoreException(key + " is missing", false, null);
        }
        List<byte[]> hashes = new ArrayList<>();
        try {
            EventsObject.forEachRecord(events.get().data(), record -> hashes.add(HASHER.hashLeaf(record, 0, record.length)));
        } catch (IOException e) {
            throw new StoreException(key + " is not readable: " + e.getMessage(), false, e);
        }
        return List.copyOf(hashes);
    }
}
