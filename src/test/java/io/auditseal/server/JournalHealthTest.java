package io.auditseal.server;

import io.auditseal.format.ChainId;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.JournalFullException;
import io.auditseal.journal.RocksJournal;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Readiness follows the journal's cap as ingest meets it: a journal that answers 429 takes no new traffic. */
class JournalHealthTest {

    private static final ChainId CHAIN = new ChainId("test", "cluster-a");
    private static final long CAP = 200;

    @TempDir
    Path dir;
    private RocksJournal journal;
    private JournalHealth health;

    @BeforeEach
    void open() throws Exception {
        journal = RocksJournal.open(new JournalConfig(dir.resolve("journal"), CAP, CAP, Duration.ofHours(1)));
        health = new JournalHealth(journal, config());
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private void append(String id, int bytes) throws Exception {
        journal.append(CHAIN, List.of(new JournalEntry(new DedupeKey(id, "ResponseComplete"), new byte[bytes])));
    }

    @Test
    void call_refusedWithRecordsPending_isDown_andUpAgainOnceTheyAreReleased() throws Exception {
        append("a", 150);
        assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());

        // 150 of 200 bytes taken: the next 100-byte request is refused (ingest answers 429) although pending < cap.
        assertThrows(JournalFullException.class, () -> append("b", 100));
        assertEquals(HealthCheckResponse.Status.DOWN, health.call().getStatus());

        journal.release(CHAIN, journal.read(CHAIN, 0, 10).get(0).position() + 1);
        assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
        append("b", 100);
        assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
    }

    @Test
    void call_refusedRequestLargerThanTheCapWithNothingPending_staysUp() {
        // No release could ever make room for it, and smaller requests still fit: taking the sink out helps nobody.
        assertThrows(JournalFullException.class, () -> append("huge", 300));
        assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
    }

    @Test
    void call_acceptedAfterARefusal_isUp() throws Exception {
        append("a", 150);
        assertThrows(JournalFullException.class, () -> append("b", 100));
        append("c", 40);
        assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
    }

    private static ServeConfig config() {
        return new ServeConfig() {
            @Override
            public boolean standalone() {
                return true;
            }

            @Override
            public Optional<Path> configDir() {
                return Optional.empty();
            }

            @Override
            public Path dataDir() {
                return Path.of("unused");
            }

            @Override
            public ServeConfig.Pkcs11 pkcs11() {
                return Optional::empty;
            }

            @Override
            public ServeConfig.Journal journal() {
                return new ServeConfig.Journal() {
                    @Override
                    public long capBytes() {
                        return CAP;
                    }

                    @Override
                    public java.util.OptionalLong chainCapBytes() {
                        // One chain: all of the cap is its share, so the cap itself is what refuses.
                        return java.util.OptionalLong.of(CAP);
                    }

                    @Override
                    public Duration dedupeWindow() {
                        return Duration.ofHours(1);
                    }

                    @Override
                    public Duration lockWait() {
                        return Duration.ZERO;
                    }
                };
            }
        };
    }
}
