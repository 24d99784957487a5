package io.auditseal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainId;
import io.auditseal.store.s3.TestS3;
import io.auditseal.tlog.note.NoteVerifier;
import io.minio.MinioClient;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole product against a real kube-apiserver (v1.20, built by scripts/kube-apiserver.sh) and etcd, with the
 * real radosgw: the apiserver's audit webhook and a ValidatingWebhookConfiguration point at the packaged sink in
 * cluster mode; real kubectl traffic runs while the sink is killed with SIGKILL and restarted; then every event the
 * apiserver wrote to its own audit log must be sealed exactly once, and nothing else, the seals verify as
 * AuditSeal resources and with the offline verifier, and an event copied from the log is proved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeApiServerE2EIT {

    private static final Logger LOG = Logger.getLogger(KubeApiServerE2EIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path SCRIPT = Path.of("scripts", "kube-apiserver.sh");
    private static final Path DIR = Path.of("target", "e2e").toAbsolutePath();
    private static final String BUCKET = TestS3.uniqueName("auditseal-e2e-");
    private static final String NS = "auditseal";
    private static final String CHAIN = "e2e";
    private static final String TOKEN = "e2e-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private static final Duration WAIT = Duration.ofMinutes(3);

    private static final Map<String, String> kubeEnv = new HashMap<>();
    private static int sinkPort;
    private static Process sink;
    private static Process standby;

    @BeforeAll
    static void start() throws Exception {
        if (Files.exists(DIR)) {
            try (var files = Files.walk(DIR)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(DIR);
        try (ServerSocket socket = new ServerSocket(0)) {
            sinkPort = socket.getLocalPort();
        }
        try (MinioClient admin = TestS3.admin()) {
            TestS3.createLockedBucket(admin, BUCKET);
        }
        servingCertificate();
        Path auditKubeconfig = write("audit-webhook-kubeconfig.yaml", webhookKubeconfig("/v1/audit/" + NS + "/" + CHAIN));
        Path admissionKubeconfig = write("admission-kubeconfig.yaml", """
                apiVersion: v1
                kind: Config
                users:
                  - name: "127.0.0.1:%d"
                    user:
                      token: %s
                """.formatted(sinkPort, TOKEN));
        Path admissionConfig = write("admission-config.yaml", """
                apiVersion: apiserver.config.k8s.io/v1
                kind: AdmissionConfiguration
                plugins:
                  - name: ValidatingAdmissionWebhook
                    configuration:
                      apiVersion: apiserver.config.k8s.io/v1
                      kind: WebhookAdmissionConfiguration
                      kubeConfigFile: %s
                """.formatted(admissionKubeconfig));
        Files.deleteIfExists(DIR.resolve("audit.log"));
        run(List.of("bash", SCRIPT.toString(), "start", "--",
                "--audit-policy-file=" + permissivePolicy(),
                "--audit-webhook-config-file=" + auditKubeconfig,
                "--audit-webhook-mode=batch", "--audit-webhook-batch-max-wait=1s",
                "--audit-webhook-initial-backoff=10s",
                "--audit-log-path=" + DIR.resolve("audit.log"), "--audit-log-format=json",
                "--admission-control-config-file=" + admissionConfig), Map.of("KUBE_APISERVER_LOG_DIR", DIR.resolve("logs").toString()),
                Duration.ofMinutes(40));
        for (String line : run(List.of("bash", SCRIPT.toString(), "env"), Map.of(), Duration.ofSeconds(30)).split("\n")) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring(7).split("=", 2);
                kubeEnv.put(kv[0], kv[1].replaceAll("^['\"]|['\"]$", ""));
            }
        }
        LOG.infof("kube-apiserver %s, kubectl %s", kubeEnv.get("KUBE_APISERVER_URL"), kubeEnv.get("KUBECTL"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : new Process[] {sink, standby}) {
            if (process != null) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        run(List.of("bash", SCRIPT.toString(), "stop"), Map.of(), Duration.ofMinutes(1));
    }

    @Test
    @Order(1)
    void realApiServerTraffic_isSealedExactlyOnce_acrossASinkKill() throws Exception {
        kubectl("apply", "--validate=false", "-f", Path.of("crds").toAbsolutePath().toString());
        kubectl("wait", "--for=condition=Established", "crd/auditchains.auditseal.io", "crd/auditseals.auditseal.io");
        kubectl("create", "namespace", NS);
        runAsTheShippedServiceAccount();
        kubectl("-n", NS, "create", "secret", "generic", "e2e", "--from-literal=token=" + TOKEN,
                "--from-literal=AWS_ACCESS_KEY_ID=" + TestS3.ACCESS_KEY, "--from-literal=AWS_SECRET_ACCESS_KEY=" + TestS3.SECRET_KEY);
        kubectl("-n", NS, "label", "secret", "e2e", "auditseal.io/chain=" + CHAIN);
        kubectlApply("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata: {name: %s, namespace: %s}
                spec:
                  clusterName: e2e-loopback
                  batch: {maxRecords: 200, maxDelay: 2s}
                  retention: {mode: COMPLIANCE, days: 1}
                  storage:
                    s3: {endpoint: "%s", region: us-east-1, bucket: %s, pathStyle: true,
                         credentialsSecretRef: {name: e2e}}
                  auth:
                    tokenSecretRef: {name: e2e, key: token}
                """.formatted(CHAIN, NS, TestS3.ENDPOINT, BUCKET));
        startSink();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> conditionStatus("auditchain", CHAIN, "Ready"), "True"::equals);
        kubectlApply(validatingWebhook());

        traffic("a", 10);
        LOG.info("killing the sink with SIGKILL");
        sink.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        traffic("b", 5);   // while the sink is down: the apiserver retries its batches
        startSink();
        awaitSinkServing();   // round c's admission requests must reach it (the webhook fails open)
        traffic("c", 10);
        // Any API user controls the auditID (the Audit-ID header): a harmless GET, then a DELETE under the same one.
        // The DELETE's events must be sealed too, not dropped as "duplicates" of the GET's.
        String reusedAuditId = "e2e-reused-" + java.util.UUID.randomUUID();
        assertEquals("200", apiRequest("GET", "/api/v1/namespaces/e2e-c/configmaps/cm-2", reusedAuditId));
        assertEquals("200", apiRequest("DELETE", "/api/v1/namespaces/e2e-c/configmaps/cm-2", reusedAuditId));
        // A merge patch with a duplicate member name: the apiserver checks only json.Valid, applies it and logs it
        // raw (Roles are logged at RequestResponse), in a batch with other events. No event of that batch may be
        // lost, and the patch is sealed as an UncanonicalRecord holding exactly what the apiserver sent.
        String oddPatchId = "e2e-odd-patch-" + java.util.UUID.randomUUID();
        assertEquals("200", apiRequest("PATCH", "/apis/rbac.authorization.k8s.io/v1/namespaces/e2e-c/roles/reader",
                oddPatchId, "{\"metadata\":{\"labels\":{\"x\":\"1\",\"x\":\"2\"}}}"));
        // Secrets and tokens, logged at RequestResponse by this run's policy: none of their values may be sealed.
        String secretValue = "e2e-secret-" + java.util.UUID.randomUUID();
        kubectl("-n", "e2e-c", "create", "secret", "generic", "app-creds", "--from-literal=password=" + secretValue);
        kubectl("-n", "e2e-c", "get", "secret", "app-creds", "-o", "json");
        kubectl("-n", "e2e-c", "create", "serviceaccount", "probe");
        JsonNode tokenRequest = JSON.readTree(apiPost("/api/v1/namespaces/e2e-c/serviceaccounts/probe/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"audiences\":[\"e2e\"]}}"));
        String issuedToken = tokenRequest.at("/status/token").asText();
        assertTrue(issuedToken.length() > 20, "the apiserver issued a token: " + tokenRequest);
        kubectlFails("--token=" + kubeEnv.get("KUBE_USER_TOKEN"), "-n", "e2e-a", "get", "configmaps");
        String bigListAuditId = bigObjects();

        // Seals of the traffic are recorded and verified by the operator.
        try {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                JsonNode seals = JSON.readTree(kubectl("-n", NS, "get", "auditseals", "-o", "json")).get("items");
                return seals.size() >= 2 && AuditTrail.allVerifiedLockedLinked(seals);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            for (JsonNode seal : JSON.readTree(kubectl("-n", NS, "get", "auditseals", "-o", "json")).get("items")) {
                for (JsonNode condition : seal.at("/status/conditions")) {
                    if (!"True".equals(condition.path("status").asText())) {
                        LOG.errorf("%s %s=%s %s: %s", seal.at("/metadata/name").asText(), condition.path("type").asText(),
                                condition.path("status").asText(), condition.path("reason").asText(),
                                condition.path("message").asText());
                    }
                }
            }
            throw e;
        }
        String sealTable = kubectl("-n", NS, "get", "auditseals");
        LOG.info("\n" + sealTable);
        assertTrue(sealTable.lines().findFirst().orElse("").matches(
                "NAME +CHAIN +SEQ +RECORDS +TREE SIZE +VERIFIED +RETAIN UNTIL +AGE *"), sealTable);
        assertTrue(sealTable.contains("e2e-0000000000   e2e ") && sealTable.contains(" True "), sealTable);
        String chainTable = kubectl("-n", NS, "get", "auditchains");
        LOG.info("\n" + chainTable);
        assertTrue(chainTable.lines().findFirst().orElse("").matches(
                "NAME +CLUSTER +STORAGE READY +TREE SIZE +SEALS +LAST SEAL +AGE *"), chainTable);
        String vkey = JSON.readTree(kubectl("-n", NS, "get", "auditchain", CHAIN, "-o", "json")).at("/status/publicKey").asText();
        Files.writeString(DIR.resolve("e2e.vkey"), vkey + "\n");

        // The apiserver keeps auditing (the sink's own API calls, its Lease), so compare at a cut: everything logged
        // by now must become sealed exactly once, and everything sealed must be in the log as read afterwards.
        NoteVerifier verifier = NoteVerifier.parse(vkey);
        Map<String, Integer> loggedAtCut = loggedEvents();
        Map<String, Integer> sealed = awaitSealed(verifier, loggedAtCut);
        Map<String, Integer> logged = loggedEvents();
        LOG.infof("apiserver audit log: %d events at the cut, %d when compared; sealed: %d events",
                loggedAtCut.size(), logged.size(), sealed.size());
        assertTrue(loggedAtCut.size() > 100, "traffic produced " + loggedAtCut.size() + " events");
        // Exactly once: as many times as the apiserver logged it (more than once only under a reused auditID).
        List<String> duplicated = sealed.entrySet().stream()
                .filter(e -> e.getValue() > logged.getOrDefault(e.getKey(), 0)).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), duplicated, "sealed more often than the apiserver logged it");
        List<String> undercounted = loggedAtCut.entrySet().stream()
                .filter(e -> sealed.getOrDefault(e.getKey(), 0) < e.getValue()).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), undercounted, "logged more often than sealed (a reused auditID hid an event)");
        assertEquals(2, loggedAtCut.get(reusedAuditId + " ResponseComplete"), "the GET and the DELETE, as logged");
        assertEquals(2, sealed.get(reusedAuditId + " ResponseComplete"), "the GET and the DELETE, both sealed");
        // The one journaled second (the DELETE, unless their batches crossed) says in its record that its key was reused.
        assertEquals(1, sealedText.toString().lines().filter(l -> l.contains("\"auditID\":\"" + reusedAuditId + "\"")
                        && l.contains("\"stage\":\"ResponseComplete\"") && l.contains(io.auditseal.format.ReusedAuditId.MEMBER)).count(),
                "one of the two records is marked " + io.auditseal.format.ReusedAuditId.MEMBER);
        assertEquals(1, sealed.get(oddPatchId + " ResponseComplete"), "the odd patch's event, sealed");
        assertBigObjectsSealed(bigListAuditId);
        assertTrue(uncanonical.stream().anyMatch(e -> e.contains(oddPatchId) && e.contains("\"x\":\"1\",\"x\":\"2\"")),
                "sealed as an UncanonicalRecord with the patch as sent: " + uncanonical.size() + " such records");
        String signingKey = new String(Base64.getDecoder().decode(JSON.readTree(kubectl("-n", NS, "get", "secret",
                CHAIN + "-signing-key", "-o", "json")).at("/data/signing.key").asText()), StandardCharsets.UTF_8).strip();
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        secrets.put("a Secret value", secretValue);
        secrets.put("a Secret value, base64", Base64.getEncoder().encodeToString(secretValue.getBytes(StandardCharsets.UTF_8)));
        secrets.put("the chain's webhook token", TOKEN);
        secrets.put("the S3 secret key, base64", Base64.getEncoder().encodeToString(TestS3.SECRET_KEY.getBytes(StandardCharsets.UTF_8)));
        secrets.put("a TokenRequest's token", issuedToken);
        secrets.put("the chain's signing key", signingKey.substring(signingKey.lastIndexOf('+') + 1));
        secrets.put("the chain's signing key, base64", Base64.getEncoder().encodeToString(signingKey.getBytes(StandardCharsets.UTF_8)));
        String everythingSealed = sealedText.toString();
        List<String> leaked = secrets.entrySet().stream().filter(e -> everythingSealed.contains(e.getValue()))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), leaked, "secret values in sealed records");
        assertTrue(everythingSealed.contains("\"auditseal.io/redacted\""), "some event was redacted");
        List<String> extra = sealed.keySet().stream().filter(k -> !logged.containsKey(k)).toList();
        assertEquals(List.of(), extra, "sealed but never sent by the apiserver");

        // Admission records: every ConfigMap created while the sink was up was recorded, and every record is a
        // request the apiserver audited (the webhook's failurePolicy is Ignore: requests while it was down pass
        // unrecorded, by design).
        List<JsonNode> admissions = sealedAdmissions(verifier);
        List<String> admitted = admissions.stream().map(a -> a.at("/request/operation").asText() + " "
                + a.at("/request/resource/resource").asText() + " " + a.at("/request/namespace").asText() + "/"
                + a.at("/request/name").asText()).toList();
        for (String round : List.of("a", "c")) {
            for (int i = 0; i < 10; i++) {
                String expected = "CREATE configmaps e2e-" + round + "/cm-" + i;
                assertTrue(admitted.contains(expected), expected + " not in admission records " + admitted);
            }
        }
        List<String> auditedWrites = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("audit.log"))) {
            JsonNode entry = JSON.readTree(line);
            String verb = entry.get("verb").asText();
            String operation = verb.equals("patch") ? "UPDATE" : verb.toUpperCase();
            auditedWrites.add(operation + " " + entry.at("/objectRef/resource").asText()
                    + " " + entry.at("/objectRef/namespace").asText() + "/" + entry.at("/objectRef/name").asText());
        }
        // (Namespaces are left out: admission names them as their own namespace, audit does not.)
        for (String record : admitted.stream().filter(r -> !r.contains(" namespaces ")).toList()) {
            assertTrue(auditedWrites.contains(record), "admission record without an audited request: " + record);
        }

        String apiserverLog = Files.readString(Path.of(kubeEnv.get("KUBE_APISERVER_LOG")));
        assertTrue(!apiserverLog.contains("affecting"), "the apiserver dropped audit events:\n" + grep(apiserverLog, "affecting"));

        // The offline verifier agrees, with the key kept outside the cluster, and proves an event from the log.
        String verify = cli("verify", "--chain", NS + "/" + CHAIN, "--s3-endpoint", TestS3.ENDPOINT, "--bucket", BUCKET,
                "--path-style", "--access-key", TestS3.ACCESS_KEY, "--secret-key", TestS3.SECRET_KEY,
                "--vkey-file", DIR.resolve("e2e.vkey").toString(), "--require-mode", "COMPLIANCE");
        LOG.info(verify);
        assertTrue(verify.contains("notice") && verify.contains(io.auditseal.format.ReusedAuditId.MEMBER),
                "the verifier reports the records of the reused auditID: " + verify);
        String event = null;
        for (String line : Files.readAllLines(DIR.resolve("audit.log"))) {
            JsonNode entry = JSON.readTree(line);
            if ("configmaps".equals(entry.at("/objectRef/resource").asText()) && "create".equals(entry.get("verb").asText())
                    && "e2e-c".equals(entry.at("/objectRef/namespace").asText())) {
                event = line;
                break;
            }
        }
        assertTrue(event != null, "a ConfigMap creation in the log");
        Files.writeString(DIR.resolve("event.json"), event);
        String proof = cli("prove", "--chain", NS + "/" + CHAIN, "--s3-endpoint", TestS3.ENDPOINT, "--bucket", BUCKET,
                "--path-style", "--access-key", TestS3.ACCESS_KEY, "--secret-key", TestS3.SECRET_KEY,
                "--vkey-file", DIR.resolve("e2e.vkey").toString(), "--record-file", DIR.resolve("event.json").toString());
        LOG.info(proof);

        // The kubectl plugin: finds the bucket from the AuditChain, verifies with the key kept outside.
        Map<String, String> pluginEnv = Map.of("KUBECONFIG", kubeEnv.get("KUBECONFIG"),
                "AUDITSEAL_JAR", JAR.toAbsolutePath().toString(), "PATH", System.getenv("PATH"));
        String plugin = run(List.of("sh", Path.of("scripts", "kubectl-auditseal").toString(), "verify", CHAIN, "-n", NS,
                "--vkey-file", DIR.resolve("e2e.vkey").toString()), pluginEnv, Duration.ofMinutes(2));
        LOG.info(plugin);
        assertTrue(plugin.contains("S3 credentials from Secret auditseal/e2e"), plugin);
        String status = run(List.of("sh", Path.of("scripts", "kubectl-auditseal").toString(), "status", CHAIN, "-n", NS),
                pluginEnv, Duration.ofMinutes(1));
        LOG.info(status);
        assertTrue(status.contains("failed 0"), status);

        // Leader election: a second replica waits, not ready, while the first holds the Lease; it takes over when
        // the first dies, and then only it is ready (so only it receives and seals).
        int standbyPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            standbyPort = socket.getLocalPort();
        }
        String leader = leaseHolder();
        standby = startSink("standby-data", standbyPort, "standby.log", "auditseal-standby");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> readiness(standbyPort), code -> code == 503);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> readiness(standbyPort) == 503
                && readiness(sinkPort) == 200 && leader.equals(leaseHolder()));
        sink.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> readiness(standbyPort), code -> code == 200);
        String newLeader = leaseHolder();
        assertTrue(!newLeader.isEmpty() && !newLeader.equals(leader), "Lease holder " + leader + " -> " + newLeader);
        // The new leader runs the chain's sealer, carrying the chain on from storage (its journal is empty).
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> Files.readString(DIR.resolve("standby.log")),
                log -> log.contains("chain " + NS + "/" + CHAIN + ": sealing to"));
        Files.writeString(DIR.resolve("summary.txt"), "kube-apiserver v1.20.2; events logged at the cut "
                + loggedAtCut.size() + ", logged when compared " + logged.size() + ", sealed " + sealed.size() + "\n");
        firstScenarioDone = true;
    }

    private static boolean firstScenarioDone;

    private static final int BIG_CONFIGMAPS = 24;

    /**
     * Big objects with truncation off (the apiserver's default): ConfigMaps of ~870 KB created all at once put their
     * events (request and response, ~1.7 MB each) into batches far over 12 MiB; listing them makes one event of
     * ~21 MB, over the sink's 8 MiB record limit. Returns the list request's auditID.
     */
    private static String bigObjects() throws Exception {
        kubectl("create", "namespace", "e2e-big");
        java.util.concurrent.ExecutorService creators = java.util.concurrent.Executors.newFixedThreadPool(BIG_CONFIGMAPS);
        try {
            List<java.util.concurrent.Future<String>> created = new ArrayList<>();
            for (int i = 0; i < BIG_CONFIGMAPS; i++) {
                Path file = DIR.resolve("big-" + i + ".json");
                Files.writeString(file, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big-" + i
                        + "\"},\"data\":{\"v\":\"" + "b".repeat(870_000) + "\"}}");
                created.add(creators.submit(() -> apiPostFile("/api/v1/namespaces/e2e-big/configmaps", file)));
            }
            for (java.util.concurrent.Future<String> create : created) {
                assertEquals("201", create.get(2, TimeUnit.MINUTES));
            }
        } finally {
            creators.shutdownNow();
        }
        String listAuditId = "e2e-big-list-" + java.util.UUID.randomUUID();
        assertEquals("200", apiRequest("GET", "/api/v1/namespaces/e2e-big/configmaps", listAuditId));
        return listAuditId;
    }

    /**
     * The big objects' events are sealed (counted with every other event); the list's is an OversizeRecord whose size
     * and SHA-256 are those of the event as the apiserver sent it: its own log line without kind and apiVersion.
     */
    private static void assertBigObjectsSealed(String listAuditId) throws Exception {
        JsonNode record = oversize.stream().filter(r -> listAuditId.equals(r.at("/event/auditID").asText())
                && "ResponseComplete".equals(r.at("/event/stage").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("the list's event is not sealed as an OversizeRecord; "
                        + oversize.size() + " OversizeRecords"));
        assertEquals("[\"responseObject\"]", record.path("omitted").toString());
        String line = Files.readAllLines(DIR.resolve("audit.log")).stream()
                .filter(l -> l.contains(listAuditId) && l.contains("\"stage\":\"ResponseComplete\"")).findFirst().orElseThrow();
        String prefix = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",";
        assertTrue(line.startsWith(prefix), line.substring(0, 100));
        byte[] asSent = ("{" + line.substring(prefix.length())).getBytes(StandardCharsets.UTF_8);
        assertEquals(asSent.length, record.path("size").asLong(), "the event's size as the apiserver logged it");
        assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(asSent)),
                record.path("sha256").asText(), "the event's digest as the apiserver logged it");
        // The list's event was sealed, so its batch (over 12 MiB alone) was taken whole: the size histogram counts it.
        String metrics = sinkMetrics();
        double over12MiB = metricValue(metrics, "auditseal_ingest_request_bytes_count{endpoint=\"audit\"")
                - metricValue(metrics, "auditseal_ingest_request_bytes_bucket{endpoint=\"audit\",le=\"1.2582912E7\"");
        assertTrue(over12MiB >= 1, "audit batches over 12 MiB taken: " + over12MiB + "\n"
                + grep(metrics, "auditseal_ingest_request"));
        LOG.infof("big objects: %d ConfigMaps of 870 KB and their list, an event of %d bytes sealed as an OversizeRecord;"
                + " %.0f audit batches over 12 MiB taken", BIG_CONFIGMAPS, asSent.length, over12MiB);
    }

    /** The value of the one Prometheus sample whose line starts with {@code prefix} (name and leading labels). */
    private static double metricValue(String metrics, String prefix) {
        List<String> lines = metrics.lines().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), prefix + " in\n" + grep(metrics, prefix.substring(0, prefix.indexOf('{'))));
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The sink's Prometheus metrics. */
    private static String sinkMetrics() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", "10", "--cacert", DIR.resolve("ca.crt").toString(),
                "https://127.0.0.1:" + sinkPort + "/q/metrics").start();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        curl.waitFor();
        return body;
    }

    /**
     * Restarts under load (issue "Nothing lost in operation"): ConfigMaps are created without pause while the sink
     * is killed with SIGKILL three times at random moments (each time restarted in its pod a random 1-4 s later, as
     * the kubelet does), then restarted gracefully, then replaced by another pod as a chart upgrade with the
     * Recreate strategy does. kube-apiserver runs with the recommended flags (batch mode, initial backoff 5 s).
     * Every event it logged must be sealed exactly once, it must have dropped no batch, and every seal must be
     * Verified, Locked and ChainLinked. The outage of each restart (kill to the chain served again) is logged. It
     * starts with a fail-back: the first scenario's killed sink returns on its own journal after its standby led.
     */
    @Test
    @Order(2)
    void sustainedTraffic_isSealedExactlyOnce_acrossKillsAGracefulRestartAndARollout() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(firstScenarioDone, "runs on the chain the first scenario set up");
        // The first scenario's standby leads now; stopped gracefully, it hands the Lease back. The first sink comes
        // back on its own volume: a fail-back. What it had journaled and not sealed when it was killed must be
        // re-based onto the standby's seals and sealed, so every event of both scenarios is compared below.
        // It must have sealed on first (at least the record of its journal's start), or there is nothing to fail
        // back over.
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> Files.readString(DIR.resolve("standby.log")),
                log -> log.contains(" as seal "));
        standby.destroy();
        assertTrue(standby.waitFor(60, TimeUnit.SECONDS), "the standby stops within its grace period");
        kubectl("create", "namespace", "e2e-load");
        sink = startSink("data", sinkPort, "load.log", "auditseal-0");
        awaitSinkServing();
        NoteVerifier verifier = NoteVerifier.parse(Files.readString(DIR.resolve("e2e.vkey")).strip());
        long seed = new SecureRandom().nextLong();
        LOG.infof("restart schedule seed %d", seed);
        java.util.Random random = new java.util.Random(seed);
        List<String> outages = new ArrayList<>();
        int created;
        try (ConfigMapLoad load = new ConfigMapLoad(kubeEnv.get("KUBE_APISERVER_URL"),
                Path.of(kubeEnv.get("KUBE_APISERVER_CA")), kubeEnv.get("KUBE_ADMIN_TOKEN"), "e2e-load", 4, 100)) {
            // The chaos schedule itself, not a wait for anything: each stop lands wherever the sink is then, 20-40 s
            // after it served again (restarts closer together than the apiserver's retry window compound: see
            // docs/operations.md), and a killed container comes back after 1-10 s.
            for (int kill = 1; kill <= 3; kill++) {
                Thread.sleep(20_000 + random.nextInt(20_000));
                long down = System.nanoTime();
                sink.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                Thread.sleep(1_000 + random.nextInt(9_000));
                sink = startSink("data", sinkPort, "load.log", "auditseal-0");
                awaitSinkServing();
                outages.add("SIGKILL " + kill + ": " + Duration.ofNanos(System.nanoTime() - down).toMillis() + " ms");
            }
            Thread.sleep(20_000 + random.nextInt(20_000));
            long down = System.nanoTime();
            sink.destroy();
            assertTrue(sink.waitFor(60, TimeUnit.SECONDS), "a graceful stop ends within its grace period");
            sink = startSink("data", sinkPort, "load.log", "auditseal-0");
            awaitSinkServing();
            outages.add("graceful restart: " + Duration.ofNanos(System.nanoTime() - down).toMillis() + " ms");
            Thread.sleep(20_000 + random.nextInt(20_000));
            down = System.nanoTime();
            sink.destroy();
            assertTrue(sink.waitFor(60, TimeUnit.SECONDS), "a graceful stop ends within its grace period");
            // The next pod of a Recreate rollout: same volume, another name (so another Lease identity).
            sink = startSink("data", sinkPort, "load.log", "auditseal-1");
            awaitSinkServing();
            outages.add("rollout to another pod: " + Duration.ofNanos(System.nanoTime() - down).toMillis() + " ms");
            Thread.sleep(5_000);
            created = load.created();
            LOG.infof("load: %d ConfigMaps created, %d requests failed", created, load.failed());
        }
        LOG.infof("outages (kill or stop -> chain served again): %s", outages);
        assertTrue(created > 1_000, "sustained traffic: " + created + " ConfigMaps");

        Map<String, Integer> loggedAtCut = loggedEvents();
        Map<String, Integer> sealed = awaitSealed(verifier, loggedAtCut);
        assertTrue(sealedText.toString().contains("\"kind\":\"JournalRebased\""), "the fail-back is on the record");
        Map<String, Integer> logged = loggedEvents();
        List<String> duplicated = sealed.entrySet().stream()
                .filter(e -> e.getValue() > logged.getOrDefault(e.getKey(), 0)).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), duplicated, "sealed more often than the apiserver logged it");
        List<String> extra = sealed.keySet().stream().filter(k -> !logged.containsKey(k)).toList();
        assertEquals(List.of(), extra, "sealed but never sent by the apiserver");
        String apiserverLog = Files.readString(Path.of(kubeEnv.get("KUBE_APISERVER_LOG")));
        assertTrue(!apiserverLog.contains("affecting"), "the apiserver dropped audit events:\n" + grep(apiserverLog, "affecting"));
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(3)).until(() -> AuditTrail.allVerifiedLockedLinked(
                JSON.readTree(kubectl("-n", NS, "get", "auditseals", "-o", "json")).get("items")));
        // The rollout's new pod took the Lease the old one handed back, not after it expired.
        assertTrue(Files.readString(DIR.resolve("load.log")).contains("released Lease"), "the Lease was released");
        Files.writeString(DIR.resolve("restart-summary.txt"), "events logged at the cut " + loggedAtCut.size()
                + ", sealed " + sealed.size() + ", ConfigMaps created " + created + "; outages " + outages + "\n");
    }

    @Test
    @Order(3)
    void builtInRedactionOff_keepsOtherNamespacesSecrets_neverTheSinksKeyMaterial() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(firstScenarioDone, "runs on the chain the first scenario set up");
        kubectl("-n", NS, "patch", "auditchain", CHAIN, "--type=merge", "-p", "{\"spec\":{\"redaction\":{\"builtIn\":false}}}");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> conditionStatus("auditchain", CHAIN, "SecretsRedacted"), "False"::equals);
        String warned = kubectl("-n", NS, "get", "events", "--field-selector", "reason=BuiltInRedactionOff", "-o", "json");
        assertEquals("Warning", JSON.readTree(warned).at("/items/0/type").asText(), warned);

        // Another namespace's Secret and token: sealed as the apiserver logged them, as the chain now asks.
        String openValue = "e2e-open-" + java.util.UUID.randomUUID();
        kubectl("create", "namespace", "e2e-open");
        kubectl("-n", "e2e-open", "create", "secret", "generic", "kept", "--from-literal=value=" + openValue);
        kubectl("-n", "e2e-open", "create", "serviceaccount", "probe");
        String tokenRequest = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"audiences\":[\"e2e\"]}}";
        String openToken = JSON.readTree(apiPost("/api/v1/namespaces/e2e-open/serviceaccounts/probe/token", tokenRequest))
                .at("/status/token").asText();
        // The sink's own: its key Secret read (as an admin would), a Secret created beside it, its ServiceAccount's token.
        String signingKey = new String(Base64.getDecoder().decode(JSON.readTree(kubectl("-n", NS, "get", "secret",
                CHAIN + "-signing-key", "-o", "json")).at("/data/signing.key").asText()), StandardCharsets.UTF_8).strip();
        String besideValue = "e2e-beside-" + java.util.UUID.randomUUID();
        kubectl("-n", NS, "create", "secret", "generic", "beside", "--from-literal=value=" + besideValue);
        String sinkToken = JSON.readTree(apiPost("/api/v1/namespaces/" + NS + "/serviceaccounts/auditseal/token", tokenRequest))
                .at("/status/token").asText();
        assertTrue(openToken.length() > 20 && sinkToken.length() > 20, "the apiserver issued both tokens");

        NoteVerifier verifier = NoteVerifier.parse(Files.readString(DIR.resolve("e2e.vkey")).strip());
        awaitSealed(verifier, loggedEvents());
        String everythingSealed = sealedText.toString();
        assertTrue(everythingSealed.contains(Base64.getEncoder().encodeToString(openValue.getBytes(StandardCharsets.UTF_8))),
                "e2e-open's Secret value is sealed");
        assertTrue(everythingSealed.contains(openToken), "e2e-open's issued token is sealed");
        Map<String, String> keyMaterial = new java.util.LinkedHashMap<>();
        keyMaterial.put("the chain's signing key", signingKey.substring(signingKey.lastIndexOf('+') + 1));
        keyMaterial.put("the chain's signing key, base64", Base64.getEncoder().encodeToString(signingKey.getBytes(StandardCharsets.UTF_8)));
        keyMaterial.put("a Secret in the chain's namespace, base64", Base64.getEncoder().encodeToString(besideValue.getBytes(StandardCharsets.UTF_8)));
        keyMaterial.put("the sink's ServiceAccount token", sinkToken);
        keyMaterial.put("the chain's webhook token", TOKEN);
        keyMaterial.put("the S3 secret key, base64", Base64.getEncoder().encodeToString(TestS3.SECRET_KEY.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), keyMaterial.entrySet().stream().filter(e -> everythingSealed.contains(e.getValue()))
                .map(Map.Entry::getKey).toList(), "the sink's key material in sealed records");

        kubectl("-n", NS, "patch", "auditchain", CHAIN, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/spec/redaction\"}]");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> conditionStatus("auditchain", CHAIN, "SecretsRedacted"), "True"::equals);
    }

    // --- the sink

    /** The kubeconfig the sink runs with: the shipped ServiceAccount's, never the admin's. */
    private static Path sinkKubeconfig;

    /**
     * Applies manifests/rbac.yaml as users do, takes a token of its ServiceAccount from the TokenRequest API and
     * writes the kubeconfig the sink runs with: every API call the sink makes is then checked against the shipped
     * Role, so a verb it lacks fails this test (as a missing Lease patch once made the operator exit every few
     * seconds).
     */
    private static void runAsTheShippedServiceAccount() throws Exception {
        kubectl("-n", NS, "apply", "-f", Path.of("manifests", "rbac.yaml").toAbsolutePath().toString());
        JsonNode tokenRequest = JSON.readTree(apiPost("/api/v1/namespaces/" + NS + "/serviceaccounts/auditseal/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\","
                        + "\"spec\":{\"expirationSeconds\":7200}}"));
        String token = tokenRequest.at("/status/token").asText();
        assertTrue(token.length() > 20, "a token for the ServiceAccount: " + tokenRequest);
        sinkKubeconfig = write("sink.kubeconfig", """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: e2e
                    cluster: {server: "%s", certificate-authority: "%s"}
                users:
                  - name: auditseal
                    user: {token: "%s"}
                contexts:
                  - name: auditseal
                    context: {cluster: e2e, user: auditseal, namespace: %s}
                current-context: auditseal
                """.formatted(kubeEnv.get("KUBE_APISERVER_URL"), kubeEnv.get("KUBE_APISERVER_CA"), token, NS));
        // The identity really is the ServiceAccount, limited by the Role.
        assertFalse(sinkCan("list", "secrets"), "the Role lets the sink list Secrets");
        assertTrue(sinkCan("patch", "leases.coordination.k8s.io/auditseal-leader"), "the Role lets the sink renew its Lease");
    }

    /** {@code kubectl auth can-i} as the sink: exit 0 means yes, 1 no. */
    private static boolean sinkCan(String verb, String resource) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(kubeEnv.get("KUBECTL"), "auth", "can-i", verb, resource, "-n", NS)
                .redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", sinkKubeconfig.toString());
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        return process.exitValue() == 0;
    }

    private static void startSink() throws IOException {
        sink = startSink("data", sinkPort, "sink.log", "auditseal-0");
    }

    /**
     * Starts the packaged sink as a pod would run it: {@code podName} is its HOSTNAME (a container restarted in its
     * pod keeps it, the next pod of a rollout has another), {@code data} its volume.
     */
    private static Process startSink(String data, int port, String log, String podName) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString(), "serve", "--data", DIR.resolve(data).toString(),
                "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--tls-cert", DIR.resolve("sink.crt").toString(), "--tls-key", DIR.resolve("sink.key").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(DIR.resolve(log).toFile()));
        builder.environment().put("KUBECONFIG", sinkKubeconfig.toString());
        builder.environment().put("QUARKUS_OPERATOR_SDK_NAMESPACES", NS);
        builder.environment().put("AUDITSEAL_OPERATOR_LEASE_NAMESPACE", NS);
        builder.environment().put("HOSTNAME", podName);
        return builder.start();
    }

    /** The HTTP status of the sink's readiness endpoint on {@code port} (0 when it does not answer). */
    private static int readiness(int port) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
                DIR.resolve("ca.crt").toString(), "https://127.0.0.1:" + port + "/q/health/ready").start();
        String code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        curl.waitFor();
        return code.matches("[0-9]+") ? Integer.parseInt(code) : 0;
    }

    private static String leaseHolder() throws Exception {
        return kubectl("-n", NS, "get", "lease", "auditseal-leader", "-o", "jsonpath={.spec.holderIdentity}").strip();
    }

    /** Until the restarted sink serves the chain: an empty batch is answered 200 (503 while the chain loads). */
    private static void awaitSinkServing() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            ProcessBuilder curl = new ProcessBuilder("curl", "-s", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}",
                    "--cacert", DIR.resolve("ca.crt").toString(), "-H", "Authorization: Bearer " + TOKEN,
                    "-H", "Content-Type: application/json", "--data", "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}",
                    "https://127.0.0.1:" + sinkPort + "/v1/audit/" + NS + "/" + CHAIN);
            Process process = curl.start();
            String code = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return code.equals("200");
        });
    }

    // --- traffic

    private static void traffic(String round, int configMaps) throws Exception {
        String ns = "e2e-" + round;
        kubectl("create", "namespace", ns);
        for (int i = 0; i < configMaps; i++) {
            kubectl("-n", ns, "create", "configmap", "cm-" + i, "--from-literal=value=" + i);
        }
        kubectl("-n", ns, "create", "role", "reader", "--verb=get", "--resource=configmaps");
        kubectl("-n", ns, "create", "rolebinding", "reader", "--role=reader", "--user=someone");
        kubectl("-n", ns, "label", "configmap", "cm-0", "round=" + round);
        kubectl("-n", ns, "delete", "configmap", "cm-1");
        kubectlApply("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets%s.e2e.example.com}
                spec:
                  group: e2e.example.com
                  scope: Namespaced
                  names: {plural: widgets%s, singular: widget%s, kind: Widget%s}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """.formatted(round, round, round, round));
        kubectl("wait", "--for=condition=Established", "crd/widgets" + round + ".e2e.example.com");
        kubectlApply("""
                apiVersion: e2e.example.com/v1
                kind: Widget%s
                metadata: {name: w1, namespace: %s}
                size: 3
                """.formatted(round, ns));
        kubectl("-n", ns, "delete", "widgets" + round + ".e2e.example.com", "w1");
    }

    // --- what the apiserver logged and what was sealed, as "auditID stage"

    /**
     * The project's recommended policy, with Secrets and tokens logged at RequestResponse first, as permissive user
     * policies do: whatever secret values that puts into the events must still never be sealed.
     */
    private static Path permissivePolicy() throws IOException {
        String policy = Files.readString(Path.of("manifests", "audit-policy.yaml"));
        String marker = "rules:\n";
        int at = policy.indexOf(marker);
        assertTrue(at >= 0, "manifests/audit-policy.yaml has a rules list");
        String secretsFirst = """
                  - level: RequestResponse
                    resources:
                      - group: ""
                        resources: ["secrets", "serviceaccounts/token"]
                      - group: "authentication.k8s.io"
                        resources: ["tokenreviews"]
                  # Big objects, logged whole: with truncation off their batches have no size bound.
                  - level: RequestResponse
                    namespaces: ["e2e-big"]
                    resources:
                      - group: ""
                        resources: ["configmaps"]
                """;
        return write("audit-policy.yaml", policy.substring(0, at + marker.length()) + secretsFirst
                + policy.substring(at + marker.length()));
    }

    /** Sealed events that had no canonical form, as the sink received them (kept by remember). */
    private static final List<String> uncanonical = new ArrayList<>();
    private static final List<JsonNode> oversize = new ArrayList<>();
    /** Every sealed record, wrapped ones unwrapped, one per line (kept by remember). */
    private static final StringBuilder sealedText = new StringBuilder();

    /** POSTs a JSON body to the apiserver as its admin; returns the response body. */
    private static String apiPost(String path, String json) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", "10", "--cacert", kubeEnv.get("KUBE_APISERVER_CA"),
                "-H", "Authorization: Bearer " + kubeEnv.get("KUBE_ADMIN_TOKEN"), "-H", "Content-Type: application/json",
                "-X", "POST", "--data-binary", json, kubeEnv.get("KUBE_APISERVER_URL") + path).start();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        curl.waitFor();
        return body;
    }

    /** POSTs a JSON file to the apiserver as its admin; returns the HTTP status. */
    private static String apiPostFile(String path, Path json) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", "60", "-o", "/dev/null", "-w", "%{http_code}",
                "--cacert", kubeEnv.get("KUBE_APISERVER_CA"), "-H", "Authorization: Bearer " + kubeEnv.get("KUBE_ADMIN_TOKEN"),
                "-H", "Content-Type: application/json", "-X", "POST", "--data-binary", "@" + json,
                kubeEnv.get("KUBE_APISERVER_URL") + path).start();
        String code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        curl.waitFor();
        return code;
    }

    /** A request to the apiserver as its admin, with the given Audit-ID header; returns the HTTP status. */
    private static String apiRequest(String method, String path, String auditId) throws Exception {
        return apiRequest(method, path, auditId, null);
    }

    /** The same with a JSON merge patch body sent exactly as given. */
    private static String apiRequest(String method, String path, String auditId, String mergePatch) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10", "-o", "/dev/null", "-w",
                "%{http_code}", "--cacert", kubeEnv.get("KUBE_APISERVER_CA"),
                "-H", "Authorization: Bearer " + kubeEnv.get("KUBE_ADMIN_TOKEN"), "-H", "Audit-ID: " + auditId,
                "-X", method));
        if (mergePatch != null) {
            command.addAll(List.of("-H", "Content-Type: application/merge-patch+json", "--data-binary", mergePatch));
        }
        command.add(kubeEnv.get("KUBE_APISERVER_URL") + path);
        Process curl = new ProcessBuilder(command).start();
        String code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        curl.waitFor();
        return code;
    }

    private static Map<String, Integer> loggedEvents() throws IOException {
        return AuditTrail.logged(DIR.resolve("audit.log"));
    }

    private static List<JsonNode> sealedAdmissions(NoteVerifier verifier) throws Exception {
        return AuditTrail.sealed(TestS3.config(BUCKET), new ChainId(NS, CHAIN), verifier).admissions();
    }

    private static Map<String, Integer> awaitSealed(NoteVerifier verifier, Map<String, Integer> logged) throws Exception {
        return remember(AuditTrail.awaitSealed(TestS3.config(BUCKET), new ChainId(NS, CHAIN), verifier, logged,
                DIR.resolve("audit.log"), WAIT));
    }

    private static Map<String, Integer> remember(AuditTrail.Sealed sealed) {
        uncanonical.clear();
        uncanonical.addAll(sealed.uncanonical());
        oversize.clear();
        oversize.addAll(sealed.oversize());
        sealedText.setLength(0);
        sealedText.append(sealed.text());
        return sealed.events();
    }

    private static String conditionStatus(String kind, String name, String type) throws Exception {
        JsonNode resource = JSON.readTree(kubectl("-n", NS, "get", kind, name, "-o", "json"));
        for (JsonNode condition : resource.at("/status/conditions")) {
            if (type.equals(condition.get("type").asText())) {
                return condition.get("status").asText();
            }
        }
        return "";
    }

    // --- files and processes

    private static void servingCertificate() throws Exception {
        Path ca = DIR.resolve("ca.crt");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", DIR.resolve("ca.key").toString(), "-out", ca.toString(), "-subj", "/CN=auditseal-e2e-ca"),
                Map.of(), Duration.ofSeconds(60));
        run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", DIR.resolve("sink.key").toString(),
                "-out", DIR.resolve("sink.csr").toString(), "-subj", "/CN=127.0.0.1"), Map.of(), Duration.ofSeconds(60));
        Path ext = write("sink.ext", "subjectAltName=IP:127.0.0.1\n");
        run(List.of("openssl", "x509", "-req", "-in", DIR.resolve("sink.csr").toString(), "-CA", ca.toString(),
                "-CAkey", DIR.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(),
                "-out", DIR.resolve("sink.crt").toString()), Map.of(), Duration.ofSeconds(60));
    }

    private static String caBase64() throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(DIR.resolve("ca.crt")));
    }

    private static String webhookKubeconfig(String path) throws IOException {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: auditseal
                    cluster:
                      server: https://127.0.0.1:%d%s
                      certificate-authority-data: %s
                users:
                  - name: kube-apiserver
                    user:
                      token: %s
                contexts:
                  - name: auditseal
                    context: {cluster: auditseal, user: kube-apiserver}
                current-context: auditseal
                """.formatted(sinkPort, path, caBase64(), TOKEN);
    }

    /** manifests/validating-webhook.yaml, pointed at the sink on loopback by URL. */
    private static String validatingWebhook() throws IOException {
        String manifest = Files.readString(Path.of("manifests", "validating-webhook.yaml"));
        int start = manifest.indexOf("    clientConfig:");
        int end = manifest.indexOf("    rules:");
        return manifest.substring(0, start) + "    clientConfig:\n      url: https://127.0.0.1:" + sinkPort
                + "/v1/admission/" + NS + "/" + CHAIN + "\n      caBundle: " + caBase64() + "\n" + manifest.substring(end);
    }

    private static Path write(String name, String content) throws IOException {
        Path file = DIR.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubeEnv.get("KUBECTL")));
        command.addAll(List.of(args));
        return run(command, Map.of("KUBECONFIG", kubeEnv.get("KUBECONFIG")), Duration.ofMinutes(2));
    }

    private static void kubectlFails(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubeEnv.get("KUBECTL")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeEnv.get("KUBECONFIG"));
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertTrue(process.exitValue() != 0, "expected refusal: " + new String(process.getInputStream().readAllBytes()));
    }

    private static void kubectlApply(String yaml) throws Exception {
        Path file = Files.createTempFile(DIR, "apply", ".yaml");
        Files.writeString(file, yaml);
        kubectl("apply", "--validate=false", "-f", file.toString());
    }

    private static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of(), Duration.ofMinutes(2));
    }

    private static String run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        return Commands.run(command, env, timeout);
    }

    private static String grep(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).limit(20).reduce("", (a, b) -> a + b + "\n");
    }
}
