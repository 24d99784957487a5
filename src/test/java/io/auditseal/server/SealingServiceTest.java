package io.auditseal.server;

import io.auditseal.chain.BatchPolicy;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.ChainSettings;
import io.auditseal.chain.ChainSettingsFixture;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.chain.StoreOpener;
import io.auditseal.format.ChainId;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.ForwardingJournal;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalCorruptedException;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalRecord;
import io.auditseal.journal.RocksJournal;
import io.auditseal.seal.CommittedSeal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sealing service without Quarkus: sealer lifecycle and the gauges operators alert on (docs/operations.md). */
class SealingServiceTest {

    private static final ChainId CHAIN = new ChainId("test", "gauges");

    @TempDir
    Path data;
    private RocksJournal journal;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private SealingService sealing;

    @BeforeEach
    void open() throws Exception {
        journal = RocksJournal.open(JournalConfig.defaults(data.resolve("journal")));
    }

    @AfterEach
    void close() {
        if (sealing != null) {
            sealing.stop(CHAIN);
        }
        journal.close();
    }

    private SealingService service(Journal journal) {
        SecretSource noSecrets = (namespace, name, key) -> Optional.empty();
        return new SealingService(journal, new StoreOpener(noSecrets, data),
                new SigningKeys(noSecrets, data.resolve("keys")), metrics, new NoObservers());
    }

    /** Seals every record at once, to the directory {@code data/test-gauges}. */
    private static RegisteredChain chain() {
        return chain(1);
    }

    private static RegisteredChain chain(long generation) {
        ChainSettings base = ChainSettingsFixture.directoryChain(CHAIN, 1);
        ChainSettings settings = new ChainSettings(base.id(), generation, base.clusterName(), base.clusterUid(),
                base.origin(), base.storage(), base.retentionMode(), base.retention(),
                new BatchPolicy(1, 64L << 20, Duration.ofSeconds(10)), base.signing(), base.failClosed(),
                base.verifyInterval(), base.sealRecords(), base.redaction());
        return new RegisteredChain(settings, null);
    }

    private double gauge(String name) {
        Gauge gauge = metrics.find(name).tag("chain", CHAIN.toString()).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private void journal(String id) throws Exception {
        journal.append(CHAIN, List.of(new JournalEntry(new DedupeKey(id, "ResponseComplete"),
                ("{\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\"}").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void failingGauge_afterASealerRestart_readsTheRunningSealer() throws Exception {
        sealing = service(journal);
        sealing.start(chain());
        sealing.start(chain()); // a restart: another sealer instance for the same chain
        assertEquals(0.0, gauge("auditseal.sealer.failing"));

        // The store's directory cannot be created: every write fails and the running sealer backs off.
        Files.writeString(data.resolve("test-gauges"), "a file where the chain's store should be");
        journal("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("auditseal.sealer.failing") == 1.0);
        assertEquals(0.0, gauge("auditseal.sealer.halted"));
    }

    @Test
    void haltedGauge_damagedJournalRecord_isOne() throws Exception {
        Journal damaged = new ForwardingJournal(journal) {
            @Override
            public List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes)
                    throws JournalException {
                throw new JournalCorruptedException("journal record " + fromPosition + " fails its CRC");
            }
        };
        sealing = service(damaged);
        journal("a");
        sealing.start(chain());
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("auditseal.sealer.halted") == 1.0);
        assertEquals(0.0, gauge("auditseal.sealer.failing"));
    }

    @Test
    void haltedSealer_marksTheChainUnsealable_aRestartThatRunsLiftsIt() throws Exception {
        boolean[] damagedReads = {true};
        Journal damaged = new ForwardingJournal(journal) {
            @Override
            public List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes)
                    throws JournalException {
                if (damagedReads[0]) {
                    throw new JournalCorruptedException("journal record " + fromPosition + " fails its CRC");
                }
                return super.read(chain, fromPosition, maxRecords, maxBytes);
            }
        };
        ChainRegistry registry = new ChainRegistry();
        sealing = service(damaged);
        sealing.follow(registry);
        journal("a");
        registry.register(chain());
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.whyUnsealable(CHAIN).isPresent());
        assertTrue(registry.whyUnsealable(CHAIN).get().contains("fails its CRC"), registry.whyUnsealable(CHAIN).get());

        // The operator repaired the journal; the chain's next registration restarts its sealer, which runs.
        damagedReads[0] = false;
        registry.register(chain(2));
        assertEquals(Optional.empty(), registry.whyUnsealable(CHAIN));
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.pendingRecords(CHAIN) == 0);
    }

    @Test
    void unreachableStore_keepsTheChainAccepting() throws Exception {
        ChainRegistry registry = new ChainRegistry();
        sealing = service(journal);
        sealing.follow(registry);
        registry.register(chain());
        Files.writeString(data.resolve("test-gauges"), "a file where the chain's store should be");
        journal("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("auditseal.sealer.failing") == 1.0);
        // An outage the sealer retries: the journal holds records until the store is back.
        assertEquals(Optional.empty(), registry.whyUnsealable(CHAIN));
    }

    @Test
    void stopAll_sealsWhatWasDueThenNothingStartsAgain() throws Exception {
        sealing = service(journal);
        sealing.start(chain());
        journal("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.pendingRecords(CHAIN) == 0);

        assertTrue(sealing.stopAll(), "the idle sealer finished");
        // A reconcile still running during shutdown must not start a sealer behind the Lease's release.
        sealing.start(chain());
        journal("b");

        assertTrue(sealing.sealer(CHAIN).isEmpty());
        assertEquals(1, journal.pendingRecords(CHAIN));
    }

    /** No CDI here: nobody observes the seals. */
    private static final class NoObservers implements Event<CommittedSeal> {
        @Override
        public void fire(CommittedSeal event) {
        }

        @Override
        public <U extends CommittedSeal> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CommittedSeal> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<CommittedSeal> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CommittedSeal> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CommittedSeal> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
