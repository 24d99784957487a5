package io.auditseal.witness;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.proof.LeafHashTree;
import io.auditseal.tlog.proof.ProofBuilder;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Consistency proofs from storage: equal to the proofs built from every leaf of the log, for old sizes at any seal
 * boundary, refused for a size no seal ends at, and each sealed object read once however many witnesses ask.
 */
class SealTreeTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");
    // Seal sizes chosen so that the boundaries (3, 4, 9, 16, 17, 30) fall on and off powers of two.
    private static final int[] SEALS = {3, 1, 5, 7, 1, 13};

    @TempDir
    Path dir;
    private CountingStore store;
    private final List<byte[]> leaves = new ArrayList<>();
    private final List<Long> boundaries = new ArrayList<>();

    @BeforeEach
    void seal() throws Exception {
        store = new CountingStore(new DirectoryStore(dir));
        SealAssembler assembler = new SealAssembler(CHAIN, Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(),
                new byte[32]), InstantSource.fixed(Instant.parse("2026-12-05T10:00:00Z")));
        ChainHead head = ChainHead.genesis();
        String prefix = SealLayout.chainPrefix(CHAIN);
        for (int size : SEALS) {
            List<CanonicalRecord> records = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                byte[] line = ("{\"auditID\":\"" + leaves.size() + "\",\"stage\":\"ResponseComplete\"}")
                        .getBytes(StandardCharsets.UTF_8);
                leaves.add(Rfc6962Hasher.SHA256.hashLeaf(line, 0, line.length));
                records.add(new CanonicalRecord(line, Instant.EPOCH));
            }
            AssembledSeal seal = assembler.assemble(head, records);
            store.put(prefix + seal.manifest().events().key(), seal.eventsObject(), PutOptions.events(null));
            store.put(prefix + SealLayout.manifestKey(seal.manifest().sequence()), seal.manifestBytes(),
                    PutOptions.manifest(null));
            head = seal.next();
            boundaries.add(seal.manifest().treeSize());
        }
    }

    @Test
    void consistency_fromEverySealBoundary_isTheProofOfTheWholeLog() throws Exception {
        SealTree tree = new SealTree(store, CHAIN);
        ProofBuilder whole = new ProofBuilder(new LeafHashTree(Rfc6962Hasher.SHA256, leaves));
        int last = SEALS.length - 1;
        for (int newSeal = 1; newSeal <= last; newSeal++) {
            for (int oldSeal = 0; oldSeal < newSeal; oldSeal++) {
                long oldSize = boundaries.get(oldSeal);
                long newSize = boundaries.get(newSeal);
                assertEquals(hex(whole.consistency(oldSize, newSize)), hex(tree.consistency(oldSize, newSize, newSeal)),
                        "proof from " + oldSize + " to " + newSize);
            }
        }
    }

    @Test
    void consistency_fromASizeNoSealEndsAt_isRefused() {
        SealTree tree = new SealTree(store, CHAIN);
        assertThrows(SealTree.NotASealBoundaryException.class, () -> tree.consistency(5, 30, SEALS.length - 1));
    }

    @Test
    void consistency_askedAgain_readsNoSealedObjectTwice() throws Exception {
        SealTree tree = new SealTree(store, CHAIN);
        tree.consistency(16, 30, 5);
        int reads = store.reads.get();
        tree.consistency(16, 30, 5);
        tree.consistency(17, 30, 5);
        assertEquals(reads, store.reads.get(), "a second witness's proof came from storage again");
    }

    private static List<String> hex(List<byte[]> proof) {
        return proof.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** The directory store, counting reads. */
    private static final class CountingStore implements ObjectStore {
        private final ObjectStore store;
        final AtomicInteger reads = new AtomicInteger();

        CountingStore(ObjectStore store) {
            this.store = store;
        }

        @Override
        public StoredObject put(String key, byte[] data, PutOptions options) throws StoreException {
            return store.put(key, data, options);
        }

        @Override
        public Optional<StoredObject> get(String key) throws StoreException {
            reads.incrementAndGet();
            return store.get(key);
        }

        @Override
        public Optional<StoredObject> get(String key, String versionId) throws StoreException {
            reads.incrementAndGet();
            return store.get(key, versionId);
        }

        @Override
        public Optional<Retention> retention(String key) throws StoreException {
            return store.retention(key);
        }

        @Override
        public List<String> versions(String key) throws StoreException {
            return store.versions(key);
        }

        @Override
        public List<String> list(String prefix) throws StoreException {
            return store.list(prefix);
        }

        @Override
        public StoreCheck check() throws StoreException {
            return store.check();
        }

        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
