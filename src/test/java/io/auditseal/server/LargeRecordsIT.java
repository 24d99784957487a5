package io.auditseal.server;

import io.auditseal.format.ChainId;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records near the per-record limit (8 MiB) are received and sealed by the packaged sink within a heap smaller than
 * the chart's (192 MiB, with the chart's -XX:+ExitOnOutOfMemoryError and serial GC), whatever their number: memory on
 * the sealing path is bounded by bytes (journal reads of at most 8 MiB, records streamed into the events object),
 * not by counts, and seals are cut at batch.maxSize. The 64 records are 2.7 times the heap; a journal read of 500
 * records, as before, would have held all of them at once.
 */
class LargeRecordsIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final ChainId CHAIN = new ChainId("large", "chain");
    private static final String TOKEN = "large-records-token";
    private static final int RECORDS = 64;
    private static final int PER_BATCH = 4;
    /** Each event's bytes: just under the 8 MiB record limit, so every one is kept whole. */
    private static final int EVENT_BYTES = (8 << 20) - 4096;

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
    void recordsNearTheLimit_manyTimesTheHeap_areAllSealed_andTheSinkStaysUp() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path data = dir.resolve("data");
        Files.writeString(config.resolve("chain.yaml"), """
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata: {name: chain, namespace: large}
                spec:
                  clusterName: large
                  batch: {maxRecords: 10000, maxDelay: 1s}
                  storage: {directory: {path: %s}}
                  auth: {tokenSecretRef: {name: token, key: token}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: large}
                stringData: {token: %s}
                """.formatted(dir.resolve("store"), TOKEN));
        int port = freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR.toString(), "serve",
                "--standalone", "--config", config.toString(), "--data", data.toString(), "--insecure-http",
                "--bind", "127.0.0.1", "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(http, port, "/q/health/ready").statusCode() == 200);

        for (int first = 0; first < RECORDS; first += PER_BATCH) {
            StringBuilder batch = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[");
            for (int i = first; i < first + PER_BATCH; i++) {
                batch.append(i == first ? "" : ",").append(event(i));
            }
            batch.append("]}");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/audit/large/chain"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pendingRecords(http, port) == 0);
        assertTrue(server.isAlive(), "the sink is up: " + Files.readString(dir.resolve("server.log")));

        NoteVerifier vkey = NoteVerifier.parse(Files.readString(data.resolve("keys").resolve("large-chain.vkey")));
        Map<String, Integer> sizes = new HashMap<>();
        ChainReport report = new ChainVerifier(new DirectoryStore(dir.resolve("store")), CHAIN, vkey)
                .verify(VerifyOptions.defaults(), (index, record) -> {
                    String head = new String(record, 0, Math.min(record.length, 200), StandardCharsets.UTF_8);
                    int at = head.indexOf("\"auditID\":\"large-");
                    if (at >= 0) {
                        sizes.put(head.substring(at + 11, head.indexOf('"', at + 11)), record.length);
                    }
                });
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(RECORDS, sizes.size(), "every large record sealed once");
        assertTrue(sizes.values().stream().allMatch(size -> size > EVENT_BYTES - 64), "each kept whole: " + sizes);
        long seals = report.verified().size();
        assertTrue(seals >= RECORDS * (long) EVENT_BYTES / (64L << 20), "seals cut by size (batch.maxSize 64Mi): " + seals);
        assertFalse(Files.readString(dir.resolve("server.log")).contains("OutOfMemoryError"));
        System.out.printf("LargeRecordsIT: %d records of %d bytes sealed in %d seals by a 192 MiB heap%n",
                RECORDS, EVENT_BYTES, seals);
    }

    /** An audit event of exactly {@link #EVENT_BYTES} bytes whose auditID sorts first among its members. */
    private static String event(int i) {
        String head = "{\"auditID\":\"large-" + i + "\",\"stage\":\"ResponseComplete\",\"verb\":\"create\","
                + "\"requestObject\":{\"data\":{\"v\":\"";
        String tail = "\"}}}";
        return head + "x".repeat(EVENT_BYTES - head.length() - tail.length()) + tail;
    }

    private static long pendingRecords(HttpClient http, int port) throws Exception {
        List<String> lines = get(http, port, "/q/metrics").body().lines()
                .filter(l -> l.startsWith("auditseal_journal_pending_records{")).toList();
        return lines.isEmpty() ? -1 : (long) Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
