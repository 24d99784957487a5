package io.auditseal.ingest;

import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalRecord;
import io.auditseal.journal.RocksJournal;
import io.auditseal.seal.SealerState;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifiedSeal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety of ingest, against the packaged server in its own JVM: concurrent senders post batches while the
 * process is killed with SIGKILL several times and restarted on the same data directory. Afterwards every
 * acknowledged batch is stored exactly once (sealed, or still in the journal), no batch is half there, and
 * resent batches are dropped.
 */
class IngestCrashIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final ChainId CHAIN = new ChainId("crash", "chain");
    private static final int SENDERS = 4;
    private static final int ITEMS_PER_BATCH = 40;
    private static final int KILLS = 4;
    private static final String TOKEN = "crash-test-token";

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void sigkillDuringConcurrentIngest_losesNoAcknowledgedBatchAndHalfWritesNone() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("IngestCrashIT seed " + seed);
        Random random = new Random(seed);
        Path config = Files.createDirectories(dir.resolve("config"));
        Path data = dir.resolve("data");
        Files.writeString(config.resolve("chain.yaml"), """
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata: {name: chain, namespace: crash}
                spec:
                  clusterName: crash
                  storage: {directory: {path: %s}}
                  auth: {tokenSecretRef: {name: token, key: token}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: crash}
                stringData: {token: %s}
                """.formatted(dir.resolve("store"), TOKEN));
        int port = freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Map<String, Integer> acked = new ConcurrentHashMap<>();       // batch id -> item count
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger nextBatch = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            for (int round = 0; round <= KILLS; round++) {
                startServer(config, data, port, http);
                AtomicBoolean running = new AtomicBoolean(true);
                int ackedBefore = acked.size();
                int killAfter = ackedBefore + 5 + random.nextInt(25);
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    futures.add(senders.submit(() -> {
                        while (running.get()) {
                            String batch = "b" + nextBatch.getAndIncrement();
                            sent.add(batch);
                            if (post(http, port, batch)) {
                                acked.put(batch, ITEMS_PER_BATCH);
                            }
                        }
                        return null;
                    }));
                }
                if (round < KILLS) {
                    // Kill once enough batches went through to have writes in flight at the moment of the kill.
                    await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= killAfter);
                    server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                } else {
                    await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= killAfter);
                }
                running.set(false);
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }
            // After the last restart, resend some acknowledged batches, as a retrying apiserver would.
            List<String> resend = new ArrayList<>(acked.keySet()).subList(0, 10);
            for (String batch : resend) {
                HttpResponse<String> response = send(http, port, batch);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"accepted\":0"), batch + ": " + response.body());
            }
        } finally {
            senders.shutdownNow();
            if (server != null) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }

        // What was acknowledged must now be either sealed (in the store) or still journaled: count both.
        Map<String, Integer> stored = new HashMap<>();
        Set<String> ids = new java.util.HashSet<>();
        List<byte[]> records = new ArrayList<>();
        NoteVerifier vkey = NoteVerifier.parse(Files.readString(data.resolve("keys").resolve("crash-chain.vkey")));
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        ChainReport sealed = new ChainVerifier(store, CHAIN, vkey).verifyAll();
        assertTrue(sealed.intact(), sealed.failure().map(Throwable::getMessage).orElse(""));
        SealerState state;
        try (RocksJournal journal = RocksJournal.open(JournalConfig.defaults(data.resolve("journal")))) {
            state = journal.chainState(CHAIN).map(SealerState::decode).orElseGet(SealerState::initial);
            for (JournalRecord record : journal.read(CHAIN, state.nextJournalPosition(), Integer.MAX_VALUE)) {
                records.add(record.payload());
            }
        }
        for (VerifiedSeal seal : sealed.verified()) {
            if (seal.manifest().sequence() >= state.head().nextSequence()) {
                // Written just before the last kill but not yet committed: its records are still journaled, and
                // the next start adopts it.
                continue;
            }
            byte[] gzip = store.get(SealLayout.objectKey(CHAIN, seal.manifest().events().key())).orElseThrow().data();
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    records.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (byte[] record : records) {
            String json = new String(record, StandardCharsets.UTF_8);
            int start = json.indexOf("\"auditID\":\"") + 11;
            String auditId = json.substring(start, json.indexOf('"', start));
            assertTrue(ids.add(auditId), "stored twice: " + auditId);
            stored.merge(auditId.substring(0, auditId.indexOf('-')), 1, Integer::sum);
        }
        System.out.printf("IngestCrashIT: %d batches sent, %d acknowledged, %d stored, %d kills%n",
                sent.size(), acked.size(), stored.size(), KILLS);
        for (String batch : acked.keySet()) {
            assertEquals(ITEMS_PER_BATCH, stored.getOrDefault(batch, 0), "acknowledged batch " + batch + " incomplete");
        }
        stored.forEach((batch, count) -> assertEquals(ITEMS_PER_BATCH, count, "batch " + batch + " half-written"));
        assertTrue(acked.size() >= KILLS * 5, "too few batches acknowledged to mean anything: " + acked.size());
    }

    private void startServer(Path config, Path data, int port, HttpClient http) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString(), "serve", "--standalone", "--config", config.toString(),
                "--data", data.toString(), "--insecure-http", "--bind", "127.0.0.1", "--port", String.valueOf(port));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                return ready.statusCode() == 200;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new AssertionError("server exited: " + Files.readString(dir.resolve("server.log")));
                }
                return false;
            }
        });
    }

    /** True only for a 200: anything else, including a connection cut by the kill, is not acknowledged. */
    private static boolean post(HttpClient http, int port, String batch) {
        try {
            return send(http, port, batch).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> send(HttpClient http, int port, String batch) throws IOException, InterruptedException {
        String[] pairs = new String[ITEMS_PER_BATCH * 2];
        for (int i = 0; i < ITEMS_PER_BATCH; i++) {
            pairs[2 * i] = batch + "-" + i;
            pairs[2 * i + 1] = "ResponseComplete";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audit/crash/chain?timeout=30s"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.eventList(pairs)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
