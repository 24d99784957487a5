package io.auditseal.seal;

import io.auditseal.format.ChainId;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.ForwardingJournal;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalCorruptedException;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalRecord;
import io.auditseal.journal.RocksJournal;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop around a real sealer: what it does when sealing succeeds, fails for a while, or must stop. */
class SealerLoopTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    @TempDir
    Path dir;
    private RocksJournal journal;
    private SealerLoop loop;
    private final AtomicBoolean corrupt = new AtomicBoolean();
    private final AtomicInteger reads = new AtomicInteger();

    /** Counts reads and, once told to, reports the next record as damaged, as RocksJournal does on a bad CRC. */
    private final class DamagedJournal extends ForwardingJournal {
        DamagedJournal() {
            super(journal);
        }

        @Override
        public List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes)
                    throws JournalException {
            reads.incrementAndGet();
            if (corrupt.get()) {
                throw new JournalCorruptedException("journal record " + fromPosition + " of chain " + chain
                        + " fails its CRC");
            }
            return super.read(chain, fromPosition, maxRecords, maxBytes);
        }
    }

    @BeforeEach
    void open() throws Exception {
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal")));
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[32]);
        ChainSealer sealer = new ChainSealer(CHAIN, new DamagedJournal(), new DirectoryStore(dir.resolve("store")),
                new SealAssembler(CHAIN, key, InstantSource.system()),
                new SealPolicy(1, Duration.ofSeconds(10), RetentionMode.COMPLIANCE, Duration.ofDays(1)),
                InstantSource.system(), false);
        loop = new SealerLoop(CHAIN.toString(), sealer, InstantSource.system());
    }

    @AfterEach
    void close() {
        loop.close();
        journal.close();
    }

    private void journal(String id) throws Exception {
        journal.append(CHAIN, List.of(new JournalEntry(new DedupeKey(id, "ResponseComplete"),
                ("{\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\"}").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void tick_recordDue_sealsItAndRuns() throws Exception {
        AtomicInteger sealed = new AtomicInteger();
        loop.onSealed(seal -> sealed.incrementAndGet());
        journal("a");
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sealed.get() == 1);
        assertEquals(SealerLoop.State.RUNNING, loop.state());
        assertEquals(0, journal.pendingRecords(CHAIN));
    }

    @Test
    void tick_storageFails_backsOffAndResumesWhenItIsBack() throws Exception {
        Path store = dir.resolve("store");
        Files.writeString(store, "a file where the store's directory should be");
        journal("a");
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.state() == SealerLoop.State.BACKING_OFF);
        Files.delete(store);
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.pendingRecords(CHAIN) == 0);
        assertEquals(SealerLoop.State.RUNNING, loop.state());
    }

    @Test
    void tick_damagedRecord_haltsTheChainInsteadOfRetrying() throws Exception {
        journal("a");
        corrupt.set(true);
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.state() == SealerLoop.State.HALTED);
        assertTrue(loop.lastError().contains("damaged record") && loop.lastError().contains("fails its CRC"),
                loop.lastError());
        int readsWhenHalted = reads.get();
        // A backing-off loop would read again after FIRST_BACKOFF (1 s); a halted one never does. Wait for a tick
        // past that point in a way that cannot pass by accident: the loop's thread has ended its schedule.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> reads.get() == readsWhenHalted);
        assertEquals(SealerLoop.State.HALTED, loop.state());
        assertEquals(1, journal.pendingRecords(CHAIN), "the damaged record stays journaled");
    }
}
