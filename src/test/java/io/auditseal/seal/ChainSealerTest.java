package io.auditseal.seal;

import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.ReusedAuditId;
import io.auditseal.format.SealLayout;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.ForwardingJournal;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalRecord;
import io.auditseal.journal.RocksJournal;
import io.auditseal.store.ObjectExistsException;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreException;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sequencer against a real journal and directory store, with failures injected at every crash point. */
class ChainSealerTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private RocksJournal journal;
    private FaultyStore store;
    private Ed25519PrivateKey key;
    private int nextId;

    @BeforeEach
    void open() throws Exception {
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal")), clock);
        store = new FaultyStore(new DirectoryStore(dir.resolve("store")));
        key = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[32]);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private ChainSealer sealer(int maxRecords) throws Exception {
        return new ChainSealer(CHAIN, journal, store, new SealAssembler(CHAIN, key, clock),
                new SealPolicy(maxRecords, Duration.ofSeconds(10), RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock,
                store.locks);
    }

    /** A restart: the journal reopened from disk and a new sealer reading its persisted state. */
    private ChainSealer restart(int maxRecords) throws Exception {
        journal.close();
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal")), clock);
        return sealer(maxRecords);
    }

    private void journal(int count) throws Exception {
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "id-" + nextId++;
            entries.add(new JournalEntry(new DedupeKey(id, "ResponseComplete"),
                    ("{\"auditID\":\"" + id + "\", \"stage\":\"ResponseComplete\", \"verb\":\"get\"}").getBytes(StandardCharsets.UTF_8)));
        }
        journal.append(CHAIN, entries);
    }

    private ChainReport verify() throws StoreException {
        return new ChainVerifier(store, CHAIN, key.verifier()).verifyAll();
    }

    @Test
    void step_fullBatchAndThenAgedBatch_sealsInOrderAndReleasesTheJournal() throws Exception {
        ChainSealer sealer = sealer(3);
        assertInstanceOf(ChainSealer.Step.Idle.class, sealer.step());
        journal(5);
        ChainSealer.Step first = sealer.step();
        assertEquals(3, ((ChainSealer.Step.Sealed) first).seal().manifest().recordCount());
        // Two records left: fewer than maxRecords and younger than maxDelay.
        ChainSealer.Step waiting = sealer.step();
        assertEquals(Instant.parse("2026-11-26T10:00:10Z"), ((ChainSealer.Step.Waiting) waiting).due());
        now.set(now.get().plusSeconds(10));
        ChainSealer.Step second = sealer.step();
        assertEquals(2, ((ChainSealer.Step.Sealed) second).seal().manifest().recordCount());
        assertEquals(0, journal.pendingRecords(CHAIN));

        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(2, report.verified().size());
        assertEquals(5, report.records());
    }

    @Test
    void restart_afterEventsWrittenBeforeManifest_completesTheSameSeal() throws Exception {
        journal(3);
        ChainSealer sealer = sealer(3);
        store.failBeforePut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, sealer::step);
        store.failBeforePut = key -> false;

        ChainSealer.Step step = restart(3).step();
        assertEquals(0, ((ChainSealer.Step.Sealed) step).seal().manifest().sequence());
        assertTrue(verify().intact());
        assertEquals(2, store.list("prod/").size());
        assertEquals(0, journal.pendingRecords(CHAIN));
    }

    @Test
    void restart_afterEventsWrittenBeforeManifest_onALockingStore_keepsTheFullLockFromCreatedAt() throws Exception {
        // Found by the e2e: the manifest finished after a crash was dated at the restart, later than the events
        // object's lock had been computed from, so that lock ended before createdAt + retention.
        store.locks = true;
        journal(3);
        ChainSealer sealer = sealer(3);
        store.failBeforePut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, sealer::step);
        store.failBeforePut = key -> false;
        now.set(now.get().plusSeconds(30));

        CommittedSeal seal = ((ChainSealer.Step.Sealed) restart(3).step()).seal();
        Instant eventsLockedUntil = store.retention("prod/cluster-a/" + SealLayout.eventsKey(0)).orElseThrow().retainUntil();
        assertFalse(eventsLockedUntil.isBefore(seal.manifest().createdAt().plus(Duration.ofDays(1))),
                "events locked until " + eventsLockedUntil + ", created " + seal.manifest().createdAt());
        ChainReport report = new ChainVerifier(store, CHAIN, key.verifier()).verify(new io.auditseal.verify.VerifyOptions(
                true, java.util.Optional.of(io.auditseal.store.RetentionMode.COMPLIANCE), Duration.ofDays(1),
                java.util.Optional.empty(), 0, Long.MAX_VALUE));
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
    }

    @Test
    void sinkClockBehindTheStores_locksAreLengthenedToTheFullRetentionByTheStoresClock() throws Exception {
        store.locks = true;
        Instant storeNow = now.get().plus(Duration.ofDays(10));
        store.storeClock = () -> storeNow;
        journal(3);
        CommittedSeal seal = ((ChainSealer.Step.Sealed) sealer(3).step()).seal();

        for (String key : List.of(SealLayout.eventsKey(0), SealLayout.manifestKey(0))) {
            Instant until = store.retention("prod/cluster-a/" + key).orElseThrow().retainUntil();
            assertEquals(storeNow.plus(Duration.ofDays(1)), until, key + ": a day from the store's time of writing");
        }
        assertEquals(storeNow.plus(Duration.ofDays(1)), seal.retention().orElseThrow().retainUntil(), "as recorded");
        // Which the verifier, counting from the store's Last-Modified, accepts.
        ChainReport report = new ChainVerifier(store, CHAIN, key.verifier()).verify(new io.auditseal.verify.VerifyOptions(
                true, java.util.Optional.of(RetentionMode.COMPLIANCE), Duration.ofDays(1),
                java.util.Optional.empty(), 0, Long.MAX_VALUE));
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
    }

    @Test
    void sinkClockRight_locksAreLeftAsWritten() throws Exception {
        store.locks = true;
        store.storeClock = () -> now.get().plusSeconds(20); // an upload's time and a little skew: within tolerance
        journal(3);
        sealer(3).step();
        assertEquals(now.get().plus(Duration.ofDays(1)),
                store.retention("prod/cluster-a/" + SealLayout.eventsKey(0)).orElseThrow().retainUntil());
    }

    @Test
    void restart_afterEventsWrittenAndMoreRecordsArrived_completesTheOrphanWithItsOwnRecords() throws Exception {
        journal(2);
        ChainSealer sealer = sealer(10);
        now.set(now.get().plusSeconds(10));
        store.failBeforePut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, sealer::step);
        store.failBeforePut = key -> false;
        journal(3);

        ChainSealer restarted = restart(10);
        CommittedSeal first = ((ChainSealer.Step.Sealed) restarted.step()).seal();
        assertEquals(2, first.manifest().recordCount());
        now.set(now.get().plusSeconds(10));
        CommittedSeal second = ((ChainSealer.Step.Sealed) restarted.step()).seal();
        assertEquals(3, second.manifest().recordCount());
        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(5, report.records());
    }

    /** A replica with its own journal, sealing one record per seal, from what storage holds. */
    private ChainSealer otherReplica(RocksJournal other) throws Exception {
        ChainSealer writer = new ChainSealer(CHAIN, other, store, new SealAssembler(CHAIN, key, clock),
                new SealPolicy(1, Duration.ZERO, RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock, false);
        writer.recoverFromStorage();
        return writer;
    }

    private static void journalIds(RocksJournal journal, String... ids) throws Exception {
        for (String id : ids) {
            journal.append(CHAIN, List.of(new JournalEntry(new DedupeKey(id, "ResponseComplete"),
                    ("{\"auditID\":\"" + id + "\", \"stage\":\"ResponseComplete\", \"verb\":\"get\"}")
                            .getBytes(StandardCharsets.UTF_8))));
        }
    }

    private List<String> sealKeys(long sequence) throws StoreException {
        return store.list("prod/cluster-a/" + SealLayout.sealDirectory(sequence)).stream()
                .map(k -> k.substring("prod/cluster-a/".length())).toList();
    }

    @Test
    void failOver_writerStoppedBetweenItsPuts_successorSealsUnderTheNextEventsKey_thenTheFormerWriterFailsBack()
            throws Exception {
        // The leader seals seal 0, then writes seal 1's events and dies before its manifest: a locked events object
        // no manifest names.
        journal(3);
        sealer(3).step();
        journal(3);
        store.failBeforePut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, restart(3)::step);
        store.failBeforePut = key -> false;

        // Its successor has a journal of its own: it can neither finish that object nor overwrite it.
        RocksJournal other = RocksJournal.open(JournalConfig.defaults(dir.resolve("successor-journal")), clock);
        try {
            journalIds(other, "b-1", "b-2");
            ChainSealer successor = otherReplica(other);
            CommittedSeal first = ((ChainSealer.Step.Sealed) successor.step()).seal();
            assertEquals(1, first.manifest().sequence());
            assertEquals(SealLayout.eventsKey(1, 1), first.manifest().events().key());
            assertEquals(2, ((ChainSealer.Step.Sealed) successor.step()).seal().manifest().sequence());
            assertEquals(3, ((ChainSealer.Step.Sealed) successor.step()).seal().manifest().sequence());
            assertInstanceOf(ChainSealer.Step.Idle.class, successor.step());
        } finally {
            other.close();
        }
        assertEquals(List.of(SealLayout.eventsKey(1, 1), SealLayout.eventsKey(1), SealLayout.manifestKey(1)),
                sealKeys(1));
        ChainReport successors = verify();
        assertTrue(successors.intact(), successors.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(6, successors.records());
        assertTrue(successors.notices().stream().anyMatch(n -> n.contains("no manifest names: "
                + SealLayout.eventsKey(1) + ".")), successors.notices().toString());

        // The former leader leads again: its three records, never sealed, follow the successor's seals.
        ChainSealer back = restart(4);
        ChainSealer.Step.Rebased rebased = (ChainSealer.Step.Rebased) back.step();
        assertEquals(3, rebased.unsealed());
        assertEquals(0, rebased.alreadySealed());
        assertEquals(4, ((ChainSealer.Step.Sealed) back.step()).seal().manifest().recordCount());
        List<String> records = sealedRecords();
        assertEquals(10, records.size());
        for (String id : List.of("id-0", "id-1", "id-2", "b-1", "b-2", "id-3", "id-4", "id-5")) {
            assertEquals(1, records.stream().filter(r -> r.contains("\"" + id + "\"")).count(), id);
        }
        assertEquals(0, journal.pendingRecords(CHAIN));
    }

    @Test
    void restart_afterOwnEventsWrittenAtTheNextAttemptKey_finishesThatSeal() throws Exception {
        journal(2);
        store.failBeforePut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, sealer(2)::step);
        // The successor, too, stops between its puts: its events went to attempt 1.
        Path successorJournal = dir.resolve("successor-journal");
        RocksJournal other = RocksJournal.open(JournalConfig.defaults(successorJournal), clock);
        try {
            journalIds(other, "b-1");
            assertThrows(StoreException.class, otherReplica(other)::step);
        } finally {
            other.close();
        }
        store.failBeforePut = key -> false;
        assertEquals(List.of(SealLayout.eventsKey(0, 1), SealLayout.eventsKey(0)), sealKeys(0));

        // Restarted over its own journal, the successor finishes its own object rather than writing a third.
        other = RocksJournal.open(JournalConfig.defaults(successorJournal), clock);
        try {
            CommittedSeal seal = ((ChainSealer.Step.Sealed) otherReplica(other).step()).seal();
            assertEquals(SealLayout.eventsKey(0, 1), seal.manifest().events().key());
            assertEquals(1, seal.manifest().recordCount());
        } finally {
            other.close();
        }
        assertEquals(List.of(SealLayout.eventsKey(0, 1), SealLayout.eventsKey(0), SealLayout.manifestKey(0)),
                sealKeys(0));
        assertTrue(verify().intact());
    }

    @Test
    void restart_afterManifestWrittenBeforeCommit_adoptsTheSeal() throws Exception {
        journal(3);
        ChainSealer sealer = sealer(3);
        store.failAfterPut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, sealer::step);
        store.failAfterPut = key -> false;
        journal(2);

        // After the restart more records are journaled; the stored seal still holds exactly its own three.
        ChainSealer restarted = restart(10);
        ChainSealer.Step adopted = restarted.step();
        CommittedSeal seal = ((ChainSealer.Step.Sealed) adopted).seal();
        assertTrue(seal.adopted());
        assertEquals(3, seal.manifest().recordCount());
        now.set(now.get().plusSeconds(10));
        CommittedSeal next = ((ChainSealer.Step.Sealed) restarted.step()).seal();
        assertEquals(1, next.manifest().sequence());
        assertEquals(2, next.manifest().recordCount());
        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(5, report.records());
    }

    /**
     * Another replica, with its own journal, continuing the stored chain (its start record first) and sealing
     * {@code ids} after it, one record per seal.
     */
    private void anotherWriterSeals(String journalDir, String... ids) throws Exception {
        RocksJournal other = RocksJournal.open(JournalConfig.defaults(dir.resolve(journalDir)), clock);
        try {
            ChainSealer writer = new ChainSealer(CHAIN, other, store, new SealAssembler(CHAIN, key, clock),
                    new SealPolicy(1, Duration.ZERO, RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock, false);
            writer.recoverFromStorage();
            for (String id : ids) {
                other.append(CHAIN, List.of(new JournalEntry(new DedupeKey(id, "ResponseComplete"),
                        ("{\"auditID\":\"" + id + "\", \"stage\":\"ResponseComplete\", \"verb\":\"get\"}")
                                .getBytes(StandardCharsets.UTF_8))));
            }
            for (int i = 0; i <= ids.length; i++) {
                assertInstanceOf(ChainSealer.Step.Sealed.class, writer.step());
            }
        } finally {
            other.close();
        }
    }

    /** Every record of the stored chain, as sealed, in log order. */
    private List<String> sealedRecords() throws StoreException {
        List<String> records = new ArrayList<>();
        ChainReport report = new ChainVerifier(store, CHAIN, key.verifier()).verify(VerifyOptions.defaults(),
                (index, record) -> records.add(new String(record, StandardCharsets.UTF_8)));
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        return records;
    }

    @Test
    void failBack_formerLeaderReturns_rebasesItsUnsealedRecordsOntoTheOtherWritersSeals() throws Exception {
        journal(3);
        sealer(3).step();
        journal(2); // acknowledged here, not yet sealed, when another replica took over
        anotherWriterSeals("other-journal", "b-1", "b-2");

        ChainSealer back = restart(3);
        ChainSealer.Step.Rebased rebased = (ChainSealer.Step.Rebased) back.step();
        assertEquals(1, rebased.from().nextSequence());
        assertEquals(4, rebased.onto().nextSequence());
        assertEquals(2, rebased.unsealed());
        // Its two records and the record of the re-base make a full batch of three.
        assertEquals(4, ((ChainSealer.Step.Sealed) back.step()).seal().manifest().sequence());

        List<String> records = sealedRecords();
        // Each record exactly once: this journal's three, the other's start record and two, then these two and the
        // record of the re-base.
        assertEquals(9, records.size());
        for (String id : List.of("id-0", "id-1", "id-2", "b-1", "b-2", "id-3", "id-4")) {
            assertEquals(1, records.stream().filter(r -> r.contains("\"" + id + "\"")).count(), id);
        }
        assertTrue(records.get(3).contains("\"kind\":\"JournalStartedFromStorage\""), records.get(3));
        assertTrue(records.get(8).contains("\"kind\":\"JournalRebased\"") && records.get(8).contains("\"unsealedRecords\":2"),
                records.get(8));
        assertEquals(0, journal.pendingRecords(CHAIN));
    }

    @Test
    void failBack_formerLeaderWithNothingUnsealed_rebasesInsteadOfHalting() throws Exception {
        journal(3);
        sealer(3).step();
        anotherWriterSeals("other-journal", "b-1");

        ChainSealer back = restart(3);
        ChainSealer.Step.Rebased rebased = (ChainSealer.Step.Rebased) back.step();

        assertEquals(0, rebased.unsealed());
        assertEquals(3, back.head().nextSequence());
        now.set(now.get().plusSeconds(10));
        assertEquals(3, ((ChainSealer.Step.Sealed) back.step()).seal().manifest().sequence());
        assertEquals(6, sealedRecords().size());
    }

    @Test
    void failBack_aRecordTheOtherWriterSealedToo_isSealedAgain_andListedInTheRebaseRecord() throws Exception {
        journal(3);
        sealer(3).step();
        journal(1); // id-3: acknowledged too late, so the apiserver also sent it to the other replica
        anotherWriterSeals("other-journal", "id-3");

        ChainSealer back = restart(3);
        ChainSealer.Step.Rebased rebased = (ChainSealer.Step.Rebased) back.step();
        assertEquals(1, rebased.unsealed());
        assertEquals(1, rebased.alreadySealed());
        now.set(now.get().plusSeconds(10));
        assertInstanceOf(ChainSealer.Step.Sealed.class, back.step());

        // Nothing is left unsealed behind it, and the repeat is on the record: a reader counts it once.
        assertEquals(0, journal.pendingRecords(CHAIN));
        List<String> records = sealedRecords();
        List<String> idThree = records.stream().filter(r -> r.contains("\"id-3\"")).toList();
        assertEquals(2, idThree.size(), "sealed by both writers");
        assertEquals(idThree.get(0), idThree.get(1), "as the same leaf");
        String rebaseRecord = records.get(records.size() - 1);
        assertTrue(rebaseRecord.contains("\"kind\":\"JournalRebased\"") && rebaseRecord.contains("\"alreadySealed\":[\""
                + Digests.sha256Hex(idThree.get(0).getBytes(StandardCharsets.UTF_8)) + "\"]"), rebaseRecord);
        ChainReport report = new ChainVerifier(store, CHAIN, key.verifier()).verifyAll();
        assertTrue(report.notices().contains("1 record was sealed twice after a fail-back (listed in a JournalRebased "
                + "record's alreadySealed; count each once)"), report.notices().toString());
    }

    @Test
    void failBack_storedSealsSignedByAnotherKey_halts() throws Exception {
        RocksJournal other = RocksJournal.open(JournalConfig.defaults(dir.resolve("other-journal")), clock);
        other.append(CHAIN, List.of(new JournalEntry(new DedupeKey("foreign", "ResponseComplete"),
                "{\"auditID\":\"foreign\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8))));
        Ed25519PrivateKey otherKey = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        new ChainSealer(CHAIN, other, store, new SealAssembler(CHAIN, otherKey, clock),
                new SealPolicy(1, Duration.ZERO, RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock, false).step();
        other.close();
        byte[] before = store.get("prod/cluster-a/" + SealLayout.manifestKey(0)).orElseThrow().data();

        journal(1);
        SealingHaltedException halted = assertThrows(SealingHaltedException.class, () -> sealer(1).step());

        assertTrue(halted.getMessage().contains("cannot be continued from"), halted.getMessage());
        assertArrayEquals(before, store.get("prod/cluster-a/" + SealLayout.manifestKey(0)).orElseThrow().data());
        assertEquals(1, journal.pendingRecords(CHAIN));
    }

    @Test
    void twoWritersRaceForOneSequence_theSecondIsRefusedByStorageThenHaltsWithoutForking() throws Exception {
        // The old leader (this sealer) has sealed seal 0 and goes on; a new leader with its own journal continues
        // the stored chain and writes seal 1 first.
        journal(1);
        ChainSealer oldLeader = sealer(1);
        oldLeader.step();
        RocksJournal other = RocksJournal.open(JournalConfig.defaults(dir.resolve("new-leader-journal")), clock);
        other.append(CHAIN, List.of(new JournalEntry(new DedupeKey("new-leader", "ResponseComplete"),
                "{\"auditID\":\"new-leader\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8))));
        ChainSealer newLeader = new ChainSealer(CHAIN, other, store, new SealAssembler(CHAIN, key, clock),
                new SealPolicy(1, Duration.ZERO, RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock, false);
        newLeader.recoverFromStorage();
        assertEquals(1, ((ChainSealer.Step.Sealed) newLeader.step()).seal().manifest().sequence());
        other.close();
        byte[] theirEvents = store.get("prod/cluster-a/" + SealLayout.eventsKey(1)).orElseThrow().data();

        // The old leader's seal 1 holds other records: storage refuses the write, then the sealer halts.
        journal(1);
        assertThrows(ObjectExistsException.class, oldLeader::step);
        SealingHaltedException halted = assertThrows(SealingHaltedException.class, oldLeader::step);

        assertTrue(halted.getMessage().contains("refusing to fork"), halted.getMessage());
        assertArrayEquals(theirEvents, store.get("prod/cluster-a/" + SealLayout.eventsKey(1)).orElseThrow().data());
        assertEquals(1, journal.pendingRecords(CHAIN));
        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(2, report.records());
    }

    @Test
    void storageDown_keepsRecordsJournaled_thenSealsEverythingInOrder() throws Exception {
        ChainSealer sealer = sealer(2);
        journal(2);
        store.down = true;
        assertThrows(StoreException.class, sealer::step);
        journal(2);
        assertEquals(4, journal.pendingRecords(CHAIN));
        store.down = false;
        assertInstanceOf(ChainSealer.Step.Sealed.class, sealer.step());
        assertInstanceOf(ChainSealer.Step.Sealed.class, sealer.step());
        ChainReport report = verify();
        assertTrue(report.intact());
        assertEquals(4, report.records());
        assertEquals(0, journal.pendingRecords(CHAIN));
    }

    @Test
    void restart_afterCommit_continuesTheChainFromPersistedState() throws Exception {
        journal(2);
        sealer(2).step();
        journal(2);
        ChainSealer.Step step = restart(2).step();
        CommittedSeal seal = ((ChainSealer.Step.Sealed) step).seal();
        assertEquals(1, seal.manifest().sequence());
        assertEquals(2, seal.manifest().firstIndex());
        assertTrue(verify().intact());
    }

    @Test
    void recoverFromStorage_newJournal_continuesTheStoredChainAndSealsThatItDid() throws Exception {
        journal(3);
        sealer(3).step();
        String seal0 = Digests.sha256Hex(store.get("prod/cluster-a/" + SealLayout.manifestKey(0)).orElseThrow().data());
        // The data directory is lost: a new journal, the same store.
        journal.close();
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal-2")), clock);
        journal(2);
        ChainSealer sealer = sealer(2);
        sealer.recoverFromStorage();
        assertEquals(1, sealer.head().nextSequence());
        assertEquals(3, sealer.head().treeSize());
        assertEquals(1, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().sequence());
        now.set(now.get().plusSeconds(10));
        CommittedSeal next = ((ChainSealer.Step.Sealed) sealer.step()).seal();

        // The start from storage is itself a record of the chain: when, and the head it continued from.
        assertEquals(1, next.manifest().recordCount());
        List<String> records = new ArrayList<>();
        ChainReport report = new ChainVerifier(store, CHAIN, key.verifier()).verify(VerifyOptions.defaults(),
                (index, record) -> records.add(new String(record, StandardCharsets.UTF_8)));
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(6, report.records());
        assertEquals("{\"apiVersion\":\"auditseal.io/v1alpha1\",\"chain\":\"prod/cluster-a\",\"continuedFrom\":"
                + "{\"manifestSha256\":\"" + seal0 + "\",\"sequence\":0,\"treeSize\":3},\"kind\":\"JournalStartedFromStorage\","
                + "\"receivedAt\":\"2026-11-26T10:00:00.000000Z\"}", records.get(5));
    }

    @Test
    void recoverFromStorage_journalAheadOfAnEmptyStore_haltsInsteadOfForking() throws Exception {
        journal(2);
        sealer(2).step();
        // The same journal, pointed at a new (empty) store: seal 1 would link to a seal 0 that is not there.
        store = new FaultyStore(new DirectoryStore(dir.resolve("another-store")));
        journal(2);
        ChainSealer sealer = sealer(2);
        SealingHaltedException halted = assertThrows(SealingHaltedException.class, sealer::recoverFromStorage);
        assertTrue(halted.getMessage().contains("journal records 1 seals"), halted.getMessage());
    }

    @Test
    void recoverFromStorage_sealsSignedByAnotherKey_halts() throws Exception {
        journal(1);
        sealer(1).step();
        journal.close();
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal-2")), clock);
        key = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        ChainSealer sealer = sealer(1);
        assertThrows(SealingHaltedException.class, sealer::recoverFromStorage);
    }

    @Test
    void recoverFromStorage_aReplacedKeyOverTheSameJournal_halts_ratherThanExtendTheChainWithIt() throws Exception {
        journal(1);
        assertInstanceOf(ChainSealer.Step.Sealed.class, sealer(1).step());
        // The chain's key Secret replaced while the journal (and its state) stays: the next sealer gets the new key.
        key = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        journal(1);
        ChainSealer sealer = sealer(1);
        SealingHaltedException halted = assertThrows(SealingHaltedException.class, sealer::recoverFromStorage);
        assertTrue(halted.getMessage().contains("is not signed by the chain's signing key"), halted.getMessage());
        assertEquals(1, journal.pendingRecords(CHAIN), "the record stays journaled");
    }

    @Test
    void step_idleAfterACommittedSeal_sendsNoRequestToStorage() throws Exception {
        ChainSealer sealer = sealer(2);
        journal(2);
        assertInstanceOf(ChainSealer.Step.Sealed.class, sealer.step());
        // With one writer per chain nothing can appear in storage now: polling must not cost a request.
        store.down = true;
        assertInstanceOf(ChainSealer.Step.Idle.class, sealer.step());
        journal(1);
        assertInstanceOf(ChainSealer.Step.Waiting.class, sealer.step());
    }

    @Test
    void step_sealLargerThanOneJournalRead_holdsExactlyMaxRecordsInOrder() throws Exception {
        int maxRecords = 2 * BatchReader.READ_CHUNK + 7;
        ChainSealer sealer = sealer(maxRecords);
        journal(maxRecords + 3);
        assertEquals(maxRecords, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());
        assertEquals(3, journal.pendingRecords(CHAIN));
        now.set(now.get().plusSeconds(10));
        assertEquals(3, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());
        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(maxRecords + 3, report.records());
    }

    @Test
    void step_sealsCutByBytes_endWithTheRecordThatReachesTheLimit_andABigRecordGetsASealOfItsOwn() throws Exception {
        ChainSealer sealer = new ChainSealer(CHAIN, journal, store, new SealAssembler(CHAIN, key, clock),
                new SealPolicy(1000, 1000, Duration.ofSeconds(10), RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock,
                store.locks);
        // Records of 300 bytes: the fourth reaches 1,000 bytes and ends the seal, due before its delay.
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(sizedEntry("small-" + i, 300));
        }
        entries.add(sizedEntry("big", 5000));
        journal.append(CHAIN, entries);

        assertEquals(4, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());
        // 600 bytes of small records and the big one: the big one takes the seal past its limit, and ends it.
        assertEquals(3, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());
        assertInstanceOf(ChainSealer.Step.Idle.class, sealer.step());
        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(7, report.records());
    }

    @Test
    void drain_sealsAPartialBatchBeforeItsDelay() throws Exception {
        ChainSealer sealer = sealer(100);
        journal(3);
        assertInstanceOf(ChainSealer.Step.Waiting.class, sealer.step());

        sealer.drain();
        assertEquals(3, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());
        assertEquals(0, journal.pendingRecords(CHAIN));
        assertInstanceOf(ChainSealer.Step.Idle.class, sealer.step());
    }

    @Test
    void step_recordsUnderAReusedAuditId_areSealedMarked_canonicalOrNot() throws Exception {
        ChainSealer sealer = sealer(10);
        DedupeKey key = new DedupeKey("reused", "ResponseComplete");
        journal.append(CHAIN, List.of(
                new JournalEntry(key, "{\"auditID\":\"reused\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}".getBytes(StandardCharsets.UTF_8)),
                new JournalEntry(key, "{\"auditID\":\"reused\",\"stage\":\"ResponseComplete\",\"verb\":\"delete\"}".getBytes(StandardCharsets.UTF_8)),
                // Duplicate names: no canonical form, sealed wrapped, and marked too.
                new JournalEntry(key, "{\"auditID\":\"reused\",\"stage\":\"ResponseComplete\",\"x\":1,\"x\":2}".getBytes(StandardCharsets.UTF_8))));
        now.set(now.get().plusSeconds(10));
        sealer.step();

        List<String> records = sealedRecords();
        assertEquals(3, records.size());
        assertFalse(records.get(0).contains(ReusedAuditId.MEMBER), records.get(0));
        assertEquals("{\"auditID\":\"reused\",\"" + ReusedAuditId.MEMBER + "\":true,\"stage\":\"ResponseComplete\",\"verb\":\"delete\"}",
                records.get(1));
        assertTrue(records.get(2).contains("\"kind\":\"UncanonicalRecord\"") && records.get(2).contains("\"" + ReusedAuditId.MEMBER + "\":true"),
                records.get(2));
        // The verifier reports them, as a notice: both records of a reused auditID are sealed.
        assertEquals(List.of("2 records carry " + ReusedAuditId.MEMBER + ": its auditID was reused by another request "
                + "(both are sealed; docs/INGEST.md)"), verify().notices());
    }

    /** A record of exactly {@code bytes} payload bytes. */
    private static JournalEntry sizedEntry(String id, int bytes) {
        String head = "{\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\",\"pad\":\"";
        String json = head + "x".repeat(bytes - head.length() - 2) + "\"}";
        return new JournalEntry(new DedupeKey(id, "ResponseComplete"), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void step_whileABatchFillsUp_readsOnlyItsOldestRecordFromTheJournal() throws Exception {
        AtomicReference<Integer> recordsRead = new AtomicReference<>(0);
        Journal counting = new ForwardingJournal(journal) {
            @Override
            public List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes)
                    throws JournalException {
                List<JournalRecord> read = super.read(chain, fromPosition, maxRecords, maxBytes);
                recordsRead.set(recordsRead.get() + read.size());
                return read;
            }
        };
        ChainSealer sealer = new ChainSealer(CHAIN, counting, store, new SealAssembler(CHAIN, key, clock),
                new SealPolicy(100, Duration.ofSeconds(10), RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock, false);
        journal(60);
        for (int poll = 0; poll < 5; poll++) {
            assertInstanceOf(ChainSealer.Step.Waiting.class, sealer.step());
        }
        assertEquals(5, recordsRead.get(), "one record per poll, not the 60 waiting");
        now.set(now.get().plusSeconds(10));
        assertEquals(60, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());
    }

    /** Runs the sealer's look-ahead work only when the test says, so each test decides what is prepared when. */
    private static final class StepwiseExecutor implements java.util.concurrent.Executor {
        private final java.util.Queue<Runnable> tasks = new java.util.ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int runAll() {
            int ran = 0;
            for (Runnable task; (task = tasks.poll()) != null; ran++) {
                task.run();
            }
            return ran;
        }
    }

    @Test
    void pipelined_nextFullBatchIsAssembledWhileTheCurrentSealIsWritten() throws Exception {
        StepwiseExecutor preparer = new StepwiseExecutor();
        ChainSealer sealer = sealer(3);
        sealer.prepareAheadOn(preparer);
        journal(8);
        Instant preparedAt = now.get();
        assertEquals(0, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().sequence());
        // Seal 1's full batch was queued for assembly while seal 0 was written; assemble it now, then let time pass.
        assertEquals(1, preparer.runAll());
        now.set(preparedAt.plusSeconds(5));
        CommittedSeal second = ((ChainSealer.Step.Sealed) sealer.step()).seal();
        assertEquals(1, second.manifest().sequence());
        assertEquals(preparedAt, second.manifest().createdAt(), "seal 1 is the one assembled ahead, not assembled again");
        // Two records are left: a partial batch is not prepared ahead; the sealing thread waits for its delay.
        assertEquals(0, preparer.runAll());
        assertInstanceOf(ChainSealer.Step.Waiting.class, sealer.step());
        now.set(now.get().plusSeconds(10));
        assertEquals(2, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().recordCount());

        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(8, report.records());
        assertEquals(0, journal.pendingRecords(CHAIN));
    }

    @Test
    void pipelined_writeFails_thePreparedNextSealIsDroppedAndTheChainStaysLinked() throws Exception {
        StepwiseExecutor preparer = new StepwiseExecutor();
        ChainSealer sealer = sealer(3);
        sealer.prepareAheadOn(preparer);
        journal(6);
        // Seal 0's manifest cannot be written; seal 1 was already being assembled on seal 0's first attempt.
        store.failBeforePut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, sealer::step);
        preparer.runAll();
        store.failBeforePut = key -> false;
        // The retry finishes seal 0 with a later createdAt: another manifest, so seal 1 must link to that one.
        now.set(now.get().plusSeconds(1));
        assertEquals(0, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().sequence());
        preparer.runAll();
        assertEquals(1, ((ChainSealer.Step.Sealed) sealer.step()).seal().manifest().sequence());

        ChainReport report = verify();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(6, report.records());
    }

    @Test
    void sealerState_roundTripsThroughItsEncoding() throws Exception {
        journal(7);
        ChainSealer sealer = sealer(7);
        sealer.step();
        SealerState state = new SealerState(sealer.head(), 7);
        assertEquals(state, SealerState.decode(state.encode()));
        assertThrows(IllegalArgumentException.class, () -> SealerState.decode(new byte[10]));
    }
}
