package io.auditseal.seal;

import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.TestS3;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged sink sealing into the real radosgw with Object Lock, while it is killed with SIGKILL and while the
 * S3 gateway is stopped and started again. Afterwards every acknowledged event is sealed exactly once, every object
 * key has exactly one version under COMPLIANCE retention, the chain verifies from the bucket with the chain's key,
 * and a chain pointed at a bucket without Object Lock has sealed nothing.
 */
class SealingS3IT {

    private static final Path RADOSGW = Path.of("scripts", "radosgw.sh");
    private static final ChainId LOCKED = new ChainId("s3", "locked");
    private static final ChainId UNLOCKED = new ChainId("s3", "unlocked");
    private static final Pattern AUDIT_ID = Pattern.compile("\"auditID\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    private Process server;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int batch;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        gateway("start-gateway");
    }

    @Test
    void crashesAndStorageOutage_everyAcknowledgedEventSealedExactlyOnceUnderLock() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("SealingS3IT seed " + seed);
        Random random = new Random(seed);
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String lockedBucket = "auditseal-seal-" + run;
        String plainBucket = "auditseal-plain-" + run;
        try (MinioClient admin = TestS3.admin()) {
            TestS3.createLockedBucket(admin, lockedBucket, io.minio.messages.RetentionMode.COMPLIANCE);
            TestS3.createPlainBucket(admin, plainBucket);

            writeConfig(lockedBucket, plainBucket);
            port = freePort();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            startServer();
            for (int kill = 0; kill < 2; kill++) {
                int sends = 3 + random.nextInt(6);
                for (int i = 0; i < sends; i++) {
                    send(LOCKED, acked);
                }
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                startServer();
            }
            // S3 down: ingest keeps acknowledging into the journal; sealing backs off.
            gateway("stop-gateway");
            for (int i = 0; i < 4; i++) {
                send(LOCKED, acked);
            }
            send(UNLOCKED, ConcurrentHashMap.newKeySet());
            gateway("start-gateway");
            for (int i = 0; i < 3; i++) {
                send(LOCKED, acked);
            }

            S3Store store = S3Store.open(TestS3.config(lockedBucket));
            NoteVerifier vkey = NoteVerifier.parse(Files.readString(dir.resolve("data/keys/s3-locked.vkey")));
            ChainReport report;
            try {
                report = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> new ChainVerifier(store, LOCKED, vkey).verifyAll(),
                                r -> !r.intact() || r.records() >= acked.size());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> log = Files.readAllLines(dir.resolve("server.log"));
                System.out.println("server log (last 60 lines):\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())));
                throw e;
            }
            assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));

            // Every acknowledged event is in exactly one seal; nothing else is.
            Map<String, Integer> sealed = new HashMap<>();
            for (var seal : report.verified()) {
                String key = SealLayout.objectKey(LOCKED, seal.manifest().events().key());
                for (String id : auditIds(store.get(key).orElseThrow().data())) {
                    sealed.merge(id, 1, Integer::sum);
                }
            }
            sealed.forEach((id, count) -> assertEquals(1, count, id + " sealed " + count + " times"));
            assertTrue(sealed.keySet().containsAll(acked), "acknowledged but not sealed: "
                    + acked.stream().filter(id -> !sealed.containsKey(id)).limit(5).toList());
            assertEquals(report.records(), sealed.size());

            // Each key was written once, and is under COMPLIANCE retention.
            Map<String, Integer> versions = new HashMap<>();
            for (Result<Item> item : admin.listObjects(ListObjectsArgs.builder().bucket(lockedBucket)
                    .prefix(SealLayout.chainPrefix(LOCKED)).recursive(true).includeVersions(true).build())) {
                versions.merge(item.get().objectName(), 1, Integer::sum);
            }
            assertEquals(2 * report.verified().size(), versions.size());
            versions.forEach((key, count) -> assertEquals(1, count, key + " has " + count + " versions"));
            Retention retention = store.retention(SealLayout.objectKey(LOCKED, SealLayout.manifestKey(0))).orElseThrow();
            assertEquals(RetentionMode.COMPLIANCE, retention.mode());
            assertTrue(retention.retainUntil().isAfter(Instant.now().plus(Duration.ofHours(23))), retention.toString());

            // The chain on a bucket without Object Lock was refused: nothing written there.
            assertEquals(0, count(admin.listObjects(ListObjectsArgs.builder().bucket(plainBucket).recursive(true).build())));
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("auditseal_sealer_refused{chain=\"s3/unlocked\"} 1.0"), "refusal not reported");
        }
    }

    private void writeConfig(String lockedBucket, String plainBucket) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        String chains = "";
        for (String[] chain : new String[][] {{"locked", lockedBucket}, {"unlocked", plainBucket}}) {
            chains += """
                    apiVersion: auditseal.io/v1alpha1
                    kind: AuditChain
                    metadata: {name: %s, namespace: s3}
                    spec:
                      clusterName: %s
                      batch: {maxRecords: 150, maxDelay: 500ms}
                      retention: {mode: COMPLIANCE, days: 1}
                      storage:
                        s3: {endpoint: "%s", region: %s, bucket: %s, pathStyle: true, credentialsSecretRef: {name: s3}}
                      auth: {tokenSecretRef: {name: token, key: token}}
                    ---
                    """.formatted(chain[0], chain[0], TestS3.ENDPOINT, TestS3.REGION, chain[1]);
        }
        Files.writeString(config.resolve("chains.yaml"), chains + """
                apiVersion: v1
                kind: Secret
                metadata: {name: s3, namespace: s3}
                stringData: {AWS_ACCESS_KEY_ID: %s, AWS_SECRET_ACCESS_KEY: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: s3}
                stringData: {token: s3-token}
                """.formatted(TestS3.ACCESS_KEY, TestS3.SECRET_KEY));
    }

    /** Posts one batch of 60 events; remembers its IDs only if it was acknowledged. */
    private void send(ChainId chain, Set<String> acked) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String id = "b" + batch + "-" + i;
            ids.add(id);
            items.append(i == 0 ? "" : ",").append("{\"auditID\":\"").append(id)
                    .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"get\",\"requestURI\":\"/api/v1/pods\"}");
        }
        batch++;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(base() + "/v1/audit/" + chain.namespace() + "/" + chain.name()))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer s3-token")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                acked.addAll(ids);
            }
        } catch (IOException e) {
            // Not acknowledged.
        }
    }

    private void startServer() throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString(), "serve",
                "--standalone", "--config", dir.resolve("config").toString(), "--data", dir.resolve("data").toString(),
                "--insecure-http", "--bind", "127.0.0.1", "--port", String.valueOf(port));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new AssertionError("server exited: " + Files.readString(dir.resolve("server.log")));
                }
                return false;
            }
        });
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static void gateway(String action) throws Exception {
        Process process = new ProcessBuilder("bash", RADOSGW.toString(), action).inheritIO().start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "radosgw.sh " + action + " timed out");
        assertEquals(0, process.exitValue(), "radosgw.sh " + action + " failed");
    }

    private static List<String> auditIds(byte[] gzip) throws IOException {
        String lines;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = AUDIT_ID.matcher(lines);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
