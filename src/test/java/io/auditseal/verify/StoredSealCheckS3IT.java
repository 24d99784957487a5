package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.TestS3;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's repeated (quick) check of a seal on radosgw: while the events object keeps the one version it was
 * written as, the check does not download it again; once another version appears, it downloads and compares.
 */
class StoredSealCheckS3IT {

    private static final String BUCKET = TestS3.uniqueName("auditseal-quickcheck-");

    private static MinioClient admin;
    private static S3Store s3;

    private ChainId chain;
    private Ed25519PrivateKey signer;
    private CountingStore store;
    private ExpectedSeal expected;
    private String eventsKey;

    @BeforeAll
    static void bucket() throws Exception {
        admin = TestS3.admin();
        TestS3.createLockedBucket(admin, BUCKET);
        s3 = S3Store.open(TestS3.config(BUCKET));
    }

    @AfterAll
    static void close() throws Exception {
        s3.close();
        admin.close();
    }

    /** One GOVERNANCE-locked seal of three records per test, recorded as the operator records it. */
    @BeforeEach
    void seal(TestInfo test) throws Exception {
        chain = new ChainId("quick", "c" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffffff));
        signer = Ed25519PrivateKey.fromSeed(chain.defaultOrigin(), new byte[32]);
        List<CanonicalRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(new CanonicalRecord(RecordCanonicalizer.canonicalize(("{\"auditID\":\"" + i
                    + "\",\"stage\":\"ResponseComplete\"}").getBytes(StandardCharsets.UTF_8)), Instant.now()));
        }
        assembled = new SealAssembler(chain, signer, InstantSource.system()).assemble(ChainHead.genesis(), records);
        store = new CountingStore(s3);
        if (!test.getTags().contains("writesItsOwnSeal")) {
            write(assembled);
        }
    }

    private AssembledSeal assembled;

    /** Writes seal 0 as the sealer does and records it as the operator does. */
    private void write(AssembledSeal seal) throws StoreException {
        String prefix = SealLayout.chainPrefix(chain);
        eventsKey = prefix + seal.manifest().events().key();
        StoredObject events = s3.put(eventsKey, seal.eventsObject(), PutOptions.events(retention()));
        StoredObject manifest = s3.put(prefix + SealLayout.manifestKey(0), seal.manifestBytes(),
                PutOptions.manifest(retention()));
        expected = new ExpectedSeal(0, seal.next().lastManifestSha256(), seal.manifest().previousManifestSha256(),
                manifest.versionId(), events.versionId(), s3.retention(eventsKey));
    }

    private static Retention retention() {
        return PutOptions.lockedUntil(RetentionMode.GOVERNANCE,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
    }

    private SealFindings check(boolean fullRehash) throws StoreException {
        return new StoredSealCheck(store, chain, signer.verifier(), true, Optional.of(RetentionMode.GOVERNANCE),
                Duration.ofDays(1)).check(expected, fullRehash);
    }

    @Test
    void quickCheck_eventsStillTheVersionWritten_passesWithoutDownloadingThem() throws Exception {
        SealFindings findings = check(false);
        assertTrue(findings.integrity().passed(), findings.integrity().message());
        assertTrue(findings.lock().passed(), findings.lock().message());
        assertEquals(0, store.reads(eventsKey), "the events object was downloaded");
        assertEquals(0, store.versionReads(eventsKey), "a version of the events object was downloaded");

        // The full check (first sight, or the reverify annotation) still re-hashes every record.
        SealFindings full = check(true);
        assertTrue(full.integrity().passed(), full.integrity().message());
        assertTrue(store.reads(eventsKey) > 0);
    }

    @Test
    void quickCheck_anotherVersionOverTheEvents_downloadsThemAndFindsTheMismatch() throws Exception {
        byte[] forged = "not the events".getBytes(StandardCharsets.UTF_8);
        admin.putObject(PutObjectArgs.builder().bucket(BUCKET).object(eventsKey)
                .stream(new ByteArrayInputStream(forged), (long) forged.length, -1L).build());

        SealFindings findings = check(false);
        assertEquals(Optional.of(FailureReason.DIGEST_MISMATCH), findings.integrity().reason(), findings.integrity().message());
        assertEquals(Optional.of(FailureReason.REWRITTEN), findings.lock().reason(), findings.lock().message());
        assertEquals(1, store.reads(eventsKey));
        // The lock check compares the two versions' bytes: other bytes make it a rewrite, not a repeated write.
        assertEquals(2, store.versionReads(eventsKey));
    }

    @Test
    @Tag("writesItsOwnSeal")
    void check_eventsUnderTheNextAttemptKey_besideAnotherWritersOrphan_readsTheObjectTheManifestNames()
            throws Exception {
        String orphanKey = SealLayout.chainPrefix(chain) + SealLayout.eventsKey(0);
        s3.put(orphanKey, "another writer's events".getBytes(StandardCharsets.UTF_8), PutOptions.events(retention()));
        write(assembled.withEventsKey(SealLayout.eventsKey(0, 1)));

        for (boolean fullRehash : new boolean[] {false, true}) {
            SealFindings findings = check(fullRehash);
            assertTrue(findings.integrity().passed(), findings.integrity().message());
            assertTrue(findings.lock().passed(), findings.lock().message());
            assertTrue(findings.link().passed(), findings.link().message());
        }
        assertTrue(store.reads(eventsKey) > 0, "the full check did not hash the named events object");
        assertEquals(0, store.reads(orphanKey));
    }

    @Test
    @Tag("writesItsOwnSeal")
    void check_noRecordedRetention_sinkClockBehind_countsTheManifestsLockFromTheStoresClock() throws Exception {
        // A sink 10 days behind locks for 30 days from its own "now": 20 days from the store's. AuditSeals written
        // before retention was recorded carry none, so the policy alone decides.
        InstantSource behind = () -> Instant.now().minus(Duration.ofDays(10));
        List<CanonicalRecord> records = List.of(new CanonicalRecord(RecordCanonicalizer.canonicalize(
                "{\"auditID\":\"skewed\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8)),
                behind.instant()));
        AssembledSeal skewed = new SealAssembler(chain, signer, behind).assemble(ChainHead.genesis(), records);
        Retention shortByTheStoresClock = PutOptions.lockedUntil(RetentionMode.GOVERNANCE,
                behind.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS));
        String prefix = SealLayout.chainPrefix(chain);
        eventsKey = prefix + skewed.manifest().events().key();
        StoredObject events = s3.put(eventsKey, skewed.eventsObject(), PutOptions.events(shortByTheStoresClock));
        StoredObject manifest = s3.put(prefix + SealLayout.manifestKey(0), skewed.manifestBytes(),
                PutOptions.manifest(shortByTheStoresClock));
        expected = new ExpectedSeal(0, skewed.next().lastManifestSha256(), skewed.manifest().previousManifestSha256(),
                manifest.versionId(), events.versionId());

        SealFindings findings = new StoredSealCheck(store, chain, signer.verifier(), true,
                Optional.of(RetentionMode.GOVERNANCE), Duration.ofDays(30)).check(expected, false);

        assertEquals(Optional.of(FailureReason.RETENTION_SHORTENED), findings.lock().reason(), findings.lock().message());
        assertTrue(findings.lock().message().contains(SealLayout.manifestKey(0)), findings.lock().message());
        assertTrue(findings.integrity().passed(), findings.integrity().message());
    }

    /** The store, counting object downloads per key. */
    private static final class CountingStore implements ObjectStore {
        private final ObjectStore store;
        private final ConcurrentHashMap<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicInteger> versionReads = new ConcurrentHashMap<>();

        CountingStore(ObjectStore store) {
            this.store = store;
        }

        int reads(String key) {
            AtomicInteger count = reads.get(key);
            return count == null ? 0 : count.get();
        }

        int versionReads(String key) {
            AtomicInteger count = versionReads.get(key);
            return count == null ? 0 : count.get();
        }

        @Override
        public StoredObject put(String key, byte[] data, PutOptions options) throws StoreException {
            return store.put(key, data, options);
        }

        @Override
        public Optional<StoredObject> get(String key) throws StoreException {
            reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return store.get(key);
        }

        @Override
        public Optional<StoredObject> get(String key, String versionId) throws StoreException {
            versionReads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
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
    }
}
