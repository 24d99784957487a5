package io.auditseal.journal;

import io.auditseal.format.ChainId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TtlDB;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocksJournalTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");
    private static final ChainId OTHER = new ChainId("prod", "cluster-b");
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String STAGE = "ResponseComplete";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    // --- append and read ---

    @Test
    void append_thenRead_returnsPayloadsInOrderWithIncreasingSequencesAndAcceptedAt() throws Exception {
        try (RocksJournal journal = open()) {
            assertEquals(new AppendResult(2, 0), journal.append(CHAIN, List.of(entry("a"), entry("b"))));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(new AppendResult(1, 0), journal.append(CHAIN, List.of(entry("c"))));

            List<JournalRecord> records = journal.read(CHAIN, 0, 100);

            assertEquals(List.of("a", "b", "c"), payloads(records));
            assertEquals(List.of(0L, 1L, 2L), sequences(records));
            assertEquals(List.of(T0, T0, T0.plusSeconds(1)), records.stream().map(JournalRecord::acceptedAt).toList());
        }
    }

    @Test
    void read_withFromAndMax_pagesThroughTheChain() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("r0", "r1", "r2", "r3", "r4"));

            assertEquals(List.of(0L, 1L), sequences(journal.read(CHAIN, 0, 2)));
            assertEquals(List.of(2L, 3L), sequences(journal.read(CHAIN, 2, 2)));
            assertEquals(List.of("r4"), payloads(journal.read(CHAIN, 4, 2)));
            assertEquals(List.of(), journal.read(CHAIN, 5, 2));
            assertEquals(List.of(), journal.read(CHAIN, 0, 0));
        }
    }

    @Test
    void read_unknownChain_returnsNothing() throws Exception {
        try (RocksJournal journal = open()) {
            assertEquals(List.of(), journal.read(OTHER, 0, 10));
            assertEquals(0, journal.pendingRecords(OTHER));
        }
    }

    // --- durability ---

    @Test
    void reopen_afterClose_readsSameRecordsAndContinuesSequences() throws Exception {
        List<JournalRecord> before;
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("a", "bb", "ccc"));
            before = journal.read(CHAIN, 0, 10);
        }

        try (RocksJournal journal = open()) {
            List<JournalRecord> after = journal.read(CHAIN, 0, 10);
            assertEquals(sequences(before), sequences(after));
            assertEquals(payloads(before), payloads(after));
            assertEquals(before.stream().map(JournalRecord::acceptedAt).toList(),
                    after.stream().map(JournalRecord::acceptedAt).toList());
            assertEquals(3, journal.pendingRecords(CHAIN));
            assertEquals(6, journal.pendingBytes());

            journal.append(CHAIN, List.of(entry("d")));
            assertEquals(List.of(3L), sequences(journal.read(CHAIN, 3, 10)));
        }
    }

    @Test
    void reopen_afterReleasingEveryRecord_neverReusesSequences() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("a", "b", "c"));
            journal.release(CHAIN, 3);
            assertEquals(List.of(), journal.read(CHAIN, 0, 10));
        }

        try (RocksJournal journal = open()) {
            assertEquals(0, journal.pendingRecords(CHAIN));
            assertEquals(0, journal.pendingBytes());
            journal.append(CHAIN, List.of(entry("d")));
            assertEquals(List.of(3L), sequences(journal.read(CHAIN, 0, 10)));
        }
    }

    @Test
    void close_calledTwice_isHarmlessAndLaterCallsFail() throws Exception {
        RocksJournal journal = open();
        journal.close();
        journal.close();

        assertThrows(JournalException.class, () -> journal.append(CHAIN, List.of(entry("a"))));
        assertThrows(JournalException.class, () -> journal.read(CHAIN, 0, 1));
    }

    // --- dedupe ---

    @Test
    void append_sameKeyInLaterCall_countsDuplicateAndStoresOnce() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, List.of(entry("a")));

            assertEquals(new AppendResult(1, 1), journal.append(CHAIN, List.of(entry("a"), entry("b"))));
            assertEquals(List.of("a", "b"), payloads(journal.read(CHAIN, 0, 10)));
            assertEquals(2, journal.pendingRecords(CHAIN));
        }
    }

    @Test
    void append_sameKeyAndBytesTwiceInOneCall_storesItOnce() throws Exception {
        try (RocksJournal journal = open()) {
            JournalEntry first = new JournalEntry(new DedupeKey("a", STAGE), "same".getBytes(UTF_8));
            JournalEntry retry = new JournalEntry(new DedupeKey("a", STAGE), "same".getBytes(UTF_8));

            assertEquals(new AppendResult(1, 1, 0), journal.append(CHAIN, List.of(first, retry)));
            assertEquals(List.of("same"), payloads(journal.read(CHAIN, 0, 10)));
        }
    }

    @Test
    void append_sameKeyOtherBytesInOneCall_storesBothAndCountsTheCollision() throws Exception {
        try (RocksJournal journal = open()) {
            // kube-apiserver takes the client's Audit-ID header as auditID: a GET and a DELETE can share one.
            JournalEntry get = new JournalEntry(new DedupeKey("reused", STAGE), "{\"verb\":\"get\"}".getBytes(UTF_8));
            JournalEntry delete = new JournalEntry(new DedupeKey("reused", STAGE), "{\"verb\":\"delete\"}".getBytes(UTF_8));

            assertEquals(new AppendResult(2, 1, 1), journal.append(CHAIN, List.of(get, delete, get)));
            assertEquals(List.of("{\"verb\":\"get\"}", "{\"verb\":\"delete\"}"), payloads(journal.read(CHAIN, 0, 10)));
            // The second is marked as such, for its sealed record to say so.
            assertEquals(List.of(false, true), journal.read(CHAIN, 0, 10).stream().map(JournalRecord::reusedKey).toList());
        }
        try (RocksJournal reopened = open()) {
            assertEquals(List.of(false, true), reopened.read(CHAIN, 0, 10).stream().map(JournalRecord::reusedKey).toList());
        }
    }

    @Test
    void append_sameKeyOtherBytesInLaterCalls_storesEachContentOnce() throws Exception {
        try (RocksJournal journal = open()) {
            JournalEntry get = new JournalEntry(new DedupeKey("reused", STAGE), "get".getBytes(UTF_8));
            JournalEntry delete = new JournalEntry(new DedupeKey("reused", STAGE), "delete".getBytes(UTF_8));
            assertEquals(new AppendResult(1, 0, 0), journal.append(CHAIN, List.of(get)));
            assertEquals(new AppendResult(1, 0, 1), journal.append(CHAIN, List.of(delete)));
            // The apiserver's retries of either batch resend the same bytes: both are duplicates now.
            assertEquals(new AppendResult(0, 1, 0), journal.append(CHAIN, List.of(get)));
            assertEquals(new AppendResult(0, 1, 0), journal.append(CHAIN, List.of(delete)));
        }
        try (RocksJournal journal = open()) {
            assertEquals(new AppendResult(0, 2, 0), journal.append(CHAIN, List.of(
                    new JournalEntry(new DedupeKey("reused", STAGE), "delete".getBytes(UTF_8)),
                    new JournalEntry(new DedupeKey("reused", STAGE), "get".getBytes(UTF_8)))));
            assertEquals(List.of("get", "delete"), payloads(journal.read(CHAIN, 0, 10)));
        }
    }

    @Test
    void append_sameIdWithOtherStage_storesBoth() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, List.of(entry("a", "RequestReceived")));

            assertEquals(new AppendResult(1, 0), journal.append(CHAIN, List.of(entry("a", STAGE))));
            assertEquals(2, journal.read(CHAIN, 0, 10).size());
        }
    }

    @Test
    void append_duplicateAfterReopen_isStillDropped() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, List.of(entry("a")));
        }

        try (RocksJournal journal = open()) {
            assertEquals(new AppendResult(0, 1), journal.append(CHAIN, List.of(entry("a"))));
            assertEquals(1, journal.read(CHAIN, 0, 10).size());
        }
    }

    @Test
    void append_sameKeyAfterDedupeWindow_isAcceptedAgain() throws Exception {
        try (RocksJournal journal = open(JournalConfig.DEFAULT_CAP_BYTES, Duration.ofHours(1))) {
            journal.append(CHAIN, List.of(entry("a")));

            clock.advance(Duration.ofMinutes(59));
            assertEquals(new AppendResult(0, 1), journal.append(CHAIN, List.of(entry("a"))));

            clock.advance(Duration.ofMinutes(1));
            assertEquals(new AppendResult(1, 0), journal.append(CHAIN, List.of(entry("a"))));
            assertEquals(List.of(0L, 1L), sequences(journal.read(CHAIN, 0, 10)));
            // The re-accepted key starts a new window.
            clock.advance(Duration.ofMinutes(30));
            assertEquals(new AppendResult(0, 1), journal.append(CHAIN, List.of(entry("a"))));
        }
    }

    // --- concurrency ---

    @Test
    void append_concurrentThreadsWithSharedKeys_storeEachKeyOnceAndReadersSeeNoGaps() throws Exception {
        int threads = 8;
        int callsPerThread = 40;
        int uniquePerCall = 3;
        // Every call also carries "shared-<call>", which all threads send at about the same time, and repeats one
        // of its own keys, as a retried batch would.
        int expectedStored = threads * callsPerThread * uniquePerCall + callsPerThread;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try (RocksJournal journal = open()) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writersDone = new AtomicBoolean();
            Future<List<JournalRecord>> reader = pool.submit(() -> readContinuously(journal, writersDone));
            List<Future<int[]>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    int accepted = 0;
                    int duplicates = 0;
                    for (int call = 0; call < callsPerThread; call++) {
                        List<JournalEntry> batch = new ArrayList<>();
                        batch.add(entry("shared-" + call));
                        for (int k = 0; k < uniquePerCall; k++) {
                            batch.add(entry("t" + thread + "-" + call + "-" + k));
                        }
                        batch.add(entry("t" + thread + "-" + call + "-0"));
                        AppendResult result = journal.append(CHAIN, batch);
                        accepted += result.accepted();
                        duplicates += result.duplicates();
                    }
                    return new int[] {accepted, duplicates};
                }));
            }
            start.countDown();
            int accepted = 0;
            int duplicates = 0;
            for (Future<int[]> writer : writers) {
                int[] counts = writer.get(2, TimeUnit.MINUTES);
                accepted += counts[0];
                duplicates += counts[1];
            }
            writersDone.set(true);
            List<JournalRecord> seenByReader = reader.get(2, TimeUnit.MINUTES);

            List<JournalRecord> all = journal.read(CHAIN, 0, Integer.MAX_VALUE);
            assertEquals(expectedStored, accepted);
            assertEquals(threads * callsPerThread * (uniquePerCall + 2) - expectedStored, duplicates);
            assertEquals(expectedStored, all.size());
            assertEquals(expectedStored, new HashSet<>(payloads(all)).size(), "a key was stored twice");
            assertEquals(LongStream.range(0, expectedStored).boxed().toList(), sequences(all));
            assertEquals(sequences(all), sequences(seenByReader));
            assertEquals(expectedStored, journal.pendingRecords(CHAIN));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reads the chain from where the last read ended until the writers are done and nothing is left, checking that
     * each read continues exactly where the last stopped: no write fails here, so a jump is a record skipped.
     */
    private static List<JournalRecord> readContinuously(Journal journal, AtomicBoolean writersDone)
            throws JournalException {
        List<JournalRecord> seen = new ArrayList<>();
        long next = 0;
        while (true) {
            boolean finalPass = writersDone.get();
            List<JournalRecord> page = journal.read(CHAIN, next, 64);
            for (JournalRecord record : page) {
                assertEquals(next, record.position(), "reader skipped a sequence that was still being written");
                seen.add(record);
                next++;
            }
            if (page.isEmpty()) {
                if (finalPass) {
                    return seen;
                }
                Thread.onSpinWait();
            }
        }
    }

    // --- release ---

    @Test
    void release_beforePosition_removesOnlyThoseRecordsOfThatChain() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("a", "bb", "ccc", "dddd", "eeeee"));
            journal.append(OTHER, entries("xx", "yy"));
            assertEquals(19, journal.pendingBytes());

            journal.release(CHAIN, 3);

            assertEquals(List.of(3L, 4L), sequences(journal.read(CHAIN, 0, 10)));
            assertEquals(2, journal.pendingRecords(CHAIN));
            assertEquals(19 - 6, journal.pendingBytes());
            assertEquals(List.of("xx", "yy"), payloads(journal.read(OTHER, 0, 10)));
            assertEquals(2, journal.pendingRecords(OTHER));
            // Dedupe entries outlive their records: a late retry of a sealed record is still a duplicate.
            assertEquals(new AppendResult(0, 1), journal.append(CHAIN, List.of(entry("a"))));
        }
    }

    @Test
    void release_thenReopen_keepsCountersOfWhatRemains() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("a", "bb", "ccc"));
            journal.release(CHAIN, 2);
            journal.release(CHAIN, 2);
            assertEquals(1, journal.pendingRecords(CHAIN));
            assertEquals(3, journal.pendingBytes());
        }

        try (RocksJournal journal = open()) {
            assertEquals(1, journal.pendingRecords(CHAIN));
            assertEquals(3, journal.pendingBytes());
            assertEquals(List.of(2L), sequences(journal.read(CHAIN, 0, 10)));
        }
    }

    // --- disk cap ---

    @Test
    void append_overDiskCap_throwsAndWritesNothingUntilReleased() throws Exception {
        try (RocksJournal journal = open(10, JournalConfig.DEFAULT_DEDUPE_WINDOW)) {
            journal.append(CHAIN, List.of(payloadEntry("a", 6)));
            List<JournalEntry> overflowing = List.of(payloadEntry("b", 3), payloadEntry("c", 3));

            assertThrows(JournalFullException.class, () -> journal.append(CHAIN, overflowing));

            assertEquals(List.of(0L), sequences(journal.read(CHAIN, 0, 10)));
            assertEquals(6, journal.pendingBytes());
            assertEquals(1, journal.pendingRecords(CHAIN));

            journal.release(CHAIN, 1);
            // The refused call stored no dedupe entries either: its keys are new now.
            assertEquals(new AppendResult(2, 0), journal.append(CHAIN, overflowing));
            assertEquals(List.of(1L, 2L), sequences(journal.read(CHAIN, 0, 10)));
        }
    }

    @Test
    void append_onlyDuplicatesWhileFull_isNotRefused() throws Exception {
        try (RocksJournal journal = open(6, JournalConfig.DEFAULT_DEDUPE_WINDOW)) {
            journal.append(CHAIN, List.of(payloadEntry("a", 6)));

            assertEquals(new AppendResult(0, 1), journal.append(CHAIN, List.of(payloadEntry("a", 6))));
        }
    }

    // --- corruption ---

    @Test
    void read_recordWithFlippedPayloadByte_throwsCorruptedNamingChainAndSequence() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("first", "second", "third"));
        }
        rewriteStoredRecord(dir, CHAIN, 1, value -> {
            byte[] damaged = value.clone();
            damaged[damaged.length - 1] ^= 0x01;
            return damaged;
        });

        try (RocksJournal journal = open()) {
            JournalCorruptedException e = assertThrows(JournalCorruptedException.class,
                    () -> journal.read(CHAIN, 0, 10));
            assertTrue(e.getMessage().contains("record 1 of chain prod/cluster-a"), e.getMessage());
            // Records before the damaged one are still readable: the sealer can seal up to it, then stops.
            assertEquals(List.of("first"), payloads(journal.read(CHAIN, 0, 1)));
            assertThrows(JournalCorruptedException.class, () -> journal.read(CHAIN, 1, 10));
        }
    }

    @Test
    void read_recordCutShort_throwsCorrupted() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("payload"));
        }
        rewriteStoredRecord(dir, CHAIN, 0, value -> Arrays.copyOf(value, 5));

        try (RocksJournal journal = open()) {
            assertThrows(JournalCorruptedException.class, () -> journal.read(CHAIN, 0, 10));
        }
    }

    // --- chain state ---

    @Test
    void chainState_putThenGet_roundTripsAndSurvivesReopen() throws Exception {
        byte[] state = {0, 1, 2, (byte) 0xff};
        try (RocksJournal journal = open()) {
            journal.putChainState(CHAIN, state);
            assertArrayEquals(state, journal.chainState(CHAIN).orElseThrow());
            byte[] replaced = {9};
            journal.putChainState(CHAIN, replaced);
            assertArrayEquals(replaced, journal.chainState(CHAIN).orElseThrow());
        }

        try (RocksJournal journal = open()) {
            assertArrayEquals(new byte[] {9}, journal.chainState(CHAIN).orElseThrow());
            assertEquals(Optional.empty(), journal.chainState(OTHER));
        }
    }

    @Test
    void chainState_neverPut_isEmptyEvenAfterAppends() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("a"));
            journal.release(CHAIN, 1);

            assertEquals(Optional.empty(), journal.chainState(CHAIN));
        }
    }

    // --- bounded by bytes ---

    @Test
    void read_withAByteBound_stopsBeforeTheRecordThatWouldPassIt_butAlwaysReturnsOne() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, List.of(payloadEntry("a", 400), payloadEntry("b", 400), payloadEntry("c", 400)));

            assertEquals(2, journal.read(CHAIN, 0, 10, 800).size());
            assertEquals(2, journal.read(CHAIN, 0, 10, 1199).size());
            assertEquals(3, journal.read(CHAIN, 0, 10, 1200).size());
            // A record larger than the bound still comes out alone: a reader always makes progress.
            assertEquals(1, journal.read(CHAIN, 0, 10, 1).size());
            assertEquals(1, journal.read(CHAIN, 2, 10, 1).size());
        }
    }

    @Test
    void pendingBytes_perChain_followsAppendsReleasesAndARestart() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, List.of(payloadEntry("a", 100), payloadEntry("b", 200)));
            journal.append(OTHER, List.of(payloadEntry("c", 50)));
            assertEquals(300, journal.pendingBytes(CHAIN));
            assertEquals(50, journal.pendingBytes(OTHER));
            journal.release(CHAIN, 1);
            assertEquals(200, journal.pendingBytes(CHAIN));
            assertEquals(250, journal.pendingBytes());
        }
        try (RocksJournal reopened = open()) {
            assertEquals(200, reopened.pendingBytes(CHAIN));
            assertEquals(50, reopened.pendingBytes(OTHER));
            assertEquals(0, reopened.pendingBytes(new ChainId("prod", "none")));
        }
    }

    @Test
    void open_whileAnotherHandleHoldsTheDirectory_isRefusedAsLocked() throws Exception {
        try (RocksJournal holder = open()) {
            JournalLockedException locked = assertThrows(JournalLockedException.class, this::open);
            assertTrue(locked.getMessage().contains(dir.toString()), locked.getMessage());
            // Given no time, waiting does not help either.
            assertThrows(JournalLockedException.class,
                    () -> RocksJournal.openWhenUnlocked(JournalConfig.defaults(dir), Duration.ZERO));
        }
    }

    @Test
    void openWhenUnlocked_waitsForTheHolderToClose_thenOpensWithItsRecords() throws Exception {
        RocksJournal holder = open();
        holder.append(CHAIN, List.of(entry("a")));
        var opening = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return RocksJournal.openWhenUnlocked(JournalConfig.defaults(dir), Duration.ofSeconds(30));
            } catch (JournalException e) {
                throw new IllegalStateException(e);
            }
        });
        // The second opener is waiting (it cannot have opened: the holder still has the lock).
        org.awaitility.Awaitility.await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> !opening.isDone());
        holder.close();
        try (RocksJournal next = opening.get(30, java.util.concurrent.TimeUnit.SECONDS)) {
            assertEquals(1, next.read(CHAIN, 0, 10).size());
        }
    }

    @Test
    void append_overTheChainsShare_isRefusedForThatChainAlone() throws Exception {
        try (RocksJournal journal = RocksJournal.open(new JournalConfig(dir, 10_000, 1_000, Duration.ofHours(1)), clock)) {
            journal.append(CHAIN, List.of(payloadEntry("a", 900)));
            JournalFullException full = assertThrows(JournalFullException.class,
                    () -> journal.append(CHAIN, List.of(payloadEntry("b", 200))));
            assertTrue(full.getMessage().contains("chain " + CHAIN), full.getMessage());
            // The journal is not refusing: readiness stays up, and the other chains are served.
            assertFalse(journal.refusing());
            assertEquals(new AppendResult(1, 0), journal.append(OTHER, List.of(payloadEntry("c", 900))));
            // Sealing frees the chain's share.
            journal.release(CHAIN, 1);
            assertEquals(new AppendResult(1, 0), journal.append(CHAIN, List.of(payloadEntry("b", 200))));
        }
    }

    // --- isolation ---

    @Test
    void append_interleavedOnTwoChains_keepsSequencesReadsAndDedupeApart() throws Exception {
        try (RocksJournal journal = open()) {
            journal.append(CHAIN, entries("a1"));
            journal.append(OTHER, entries("b1", "b2"));
            journal.append(CHAIN, entries("a2"));
            // The same dedupe key on another chain is another record.
            assertEquals(new AppendResult(1, 0), journal.append(OTHER, entries("a1")));

            assertEquals(List.of("a1", "a2"), payloads(journal.read(CHAIN, 0, 10)));
            assertEquals(List.of(0L, 1L), sequences(journal.read(CHAIN, 0, 10)));
            assertEquals(List.of("b1", "b2", "a1"), payloads(journal.read(OTHER, 0, 10)));
            assertEquals(List.of(0L, 1L, 2L), sequences(journal.read(OTHER, 0, 10)));
            assertEquals(2, journal.pendingRecords(CHAIN));
            assertEquals(3, journal.pendingRecords(OTHER));
        }
    }

    @Test
    void read_chainWhoseNameIsPrefixOfAnother_returnsOnlyItsOwnRecords() throws Exception {
        ChainId shortName = new ChainId("prod", "a");
        ChainId longName = new ChainId("prod", "ab");
        try (RocksJournal journal = open()) {
            journal.append(longName, entries("long"));
            journal.append(shortName, entries("short"));

            assertEquals(List.of("short"), payloads(journal.read(shortName, 0, 10)));
            assertEquals(List.of("long"), payloads(journal.read(longName, 0, 10)));
        }
    }

    // --- helpers ---

    private RocksJournal open() throws JournalException {
        return RocksJournal.open(JournalConfig.defaults(dir), clock);
    }

    /** A journal whose cap is all one chain's: the cap tests are about the whole cap. */
    private RocksJournal open(long capBytes, Duration dedupeWindow) throws JournalException {
        return RocksJournal.open(new JournalConfig(dir, capBytes, capBytes, dedupeWindow), clock);
    }

    /** An entry whose payload is its id, so tests can see which entry a record came from. */
    private static JournalEntry entry(String id) {
        return entry(id, STAGE);
    }

    private static JournalEntry entry(String id, String stage) {
        return new JournalEntry(new DedupeKey(id, stage), id.getBytes(UTF_8));
    }

    private static List<JournalEntry> entries(String... ids) {
        return Arrays.stream(ids).map(RocksJournalTest::entry).toList();
    }

    private static JournalEntry payloadEntry(String id, int payloadBytes) {
        return new JournalEntry(new DedupeKey(id, STAGE), new byte[payloadBytes]);
    }

    private static List<String> payloads(List<JournalRecord> records) {
        return records.stream().map(r -> new String(r.payload(), UTF_8)).toList();
    }

    private static List<Long> sequences(List<JournalRecord> records) {
        return records.stream().map(JournalRecord::position).toList();
    }

    /** Opens the closed journal's database directly and replaces one stored record value, as a bad disk would. */
    private static void rewriteStoredRecord(Path dir, ChainId chain, long sequence, UnaryOperator<byte[]> change)
            throws RocksDBException {
        RocksDB.loadLibrary();
        try (DBOptions options = new DBOptions(); ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()) {
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                    new ColumnFamilyDescriptor(RocksJournal.RECORDS_CF.getBytes(UTF_8), cfOptions),
                    new ColumnFamilyDescriptor(RocksJournal.DEDUPE_CF.getBytes(UTF_8), cfOptions),
                    new ColumnFamilyDescriptor(RocksJournal.STATE_CF.getBytes(UTF_8), cfOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (TtlDB db = TtlDB.open(options, dir.toString(), descriptors, handles, List.of(0, 0, 0, 0), false)) {
                try {
                    byte[] key = JournalKeys.recordKey(chain, sequence);
                    byte[] value = db.get(handles.get(1), key);
                    assertTrue(value != null, "no record " + sequence + " to damage");
                    db.put(handles.get(1), key, change.apply(value));
                } finally {
                    handles.forEach(ColumnFamilyHandle::close);
                }
            }
        }
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock implements InstantSource {

        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
