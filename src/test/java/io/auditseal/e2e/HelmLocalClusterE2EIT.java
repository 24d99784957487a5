package io.auditseal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.auditseal.format.ChainId;
import io.auditseal.store.s3.TestS3;
import io.auditseal.tlog.note.NoteVerifier;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The product as users install it (issue "Install it for real"), by the README's quick start on this machine: its
 * marked blocks run verbatim in bash (radosgw and a locked bucket, the image built by scripts/image.sh, the cluster
 * of scripts/local-cluster.sh, the chart with helm/local-cluster-values.yaml, the chain, kube-apiserver's audit and
 * admission webhooks at the sink's Service, the offline verifier), with {@link HelmCli} standing in for the helm
 * binary. Then: the pod is the chart's non-root user on a read-only root, as the kernel sees it; traffic is sealed
 * exactly as the apiserver logged it, across {@code kubectl delete pod} and a {@code helm upgrade} under load;
 * {@code helm uninstall} keeps the journal and the seals, and a reinstall continues the same chain. Install-to-Ready
 * and each outage are logged (docs/E2E.md records them).
 */
@EnabledOnOs(OS.LINUX)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmLocalClusterE2EIT {

    private static final Logger LOG = Logger.getLogger(HelmLocalClusterE2EIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLUSTER = Path.of("scripts", "local-cluster.sh");
    private static final Path CHART = Path.of("helm", "auditseal");
    private static final Path VALUES = Path.of("helm", "local-cluster-values.yaml");
    private static final Path DIR = Path.of("target", "helm-e2e").toAbsolutePath();
    private static final Path AUDIT_LOG = DIR.resolve("audit.log");
    /** The README's names: release and namespace auditseal, chain "cluster" (manifests/validating-webhook.yaml). */
    private static final String RELEASE = "auditseal";
    private static final String NS = "auditseal";
    private static final String CHAIN = "cluster";
    private static final String BUCKET = TestS3.uniqueName("auditseal-helm-");
    private static final Duration WAIT = Duration.ofMinutes(4);
    /** A top-level command in the trace of a README block: "+ <epoch seconds> <command>". */
    private static final java.util.regex.Pattern TRACED = java.util.regex.Pattern.compile("\\+ [0-9]+\\.[0-9]+ .*");

    private static Map<String, String> env;
    private static Path kubeconfig;
    private static boolean up;
    private static boolean installed;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "scripts/local-cluster.sh and podman configure network, mounts and cgroups: run as root (CI does)");
        if (Files.exists(DIR)) {
            try (var files = Files.walk(DIR)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(DIR.resolve("bin"));
        // `helm` for the README's blocks: HelmCli on this JVM's classpath (helm-java, the real Helm engine).
        Path helm = DIR.resolve("bin").resolve("helm");
        Files.writeString(helm, "#!/bin/sh\nexec '%s' -cp '%s' %s \"$@\"\n".formatted(
                Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path"),
                HelmCli.class.getName()));
        helm.toFile().setExecutable(true);
    }

    @AfterAll
    static void down() throws Exception {
        if (up) {
            if (env != null) {
                // The cluster's logs outlive it, for a failed run's diagnosis.
                Commands.run(List.of("cp", "-r", env.get("LOCAL_CLUSTER_LOG_DIR"), DIR.resolve("cluster-logs").toString()),
                        Map.of(), Duration.ofMinutes(1));
            }
            Commands.run(List.of("bash", CLUSTER.toString(), "down"), Map.of(), Duration.ofMinutes(3));
        }
    }

    @Test
    @Order(1)
    void readmeQuickStart_installsAPodLockedDown_andSealsWhatTheApiserverAudits() throws Exception {
        up = true;   // from here on, the cluster may be (partly) up: take it down afterwards
        String trace = runReadmeBlock(0, Duration.ofMinutes(40));
        env = Commands.env(Path.of(Commands.run(List.of("bash", CLUSTER.toString(), "env"), Map.of(),
                Duration.ofSeconds(30)).lines().filter(l -> l.startsWith("export LOCAL_CLUSTER_DIR=")).findFirst()
                .orElseThrow().substring("export LOCAL_CLUSTER_DIR=".length())).resolve("env"));
        kubeconfig = Path.of(env.get("KUBECONFIG"));
        installed = true;
        LOG.infof("README quick start, seconds from the start of the block: %s", stepTimes(trace));
        LOG.infof("helm install -> chain Ready: %.1f s", secondsBetween(trace, "helm install ",
                "kubectl -n auditseal wait --for=condition=Ready auditchain/cluster"));

        JsonNode pod = runningPod();
        JsonNode container = pod.at("/status/containerStatuses/0");
        assertEquals("docker.io/library/auditseal:" + appVersion(), container.get("image").asText());
        // The README restarts kube-apiserver under the running sink, which may cost the sink one restart (its API
        // connection and Lease renewals fail meanwhile); no other restart is allowed.
        int restarts = container.get("restartCount").asInt();
        if (restarts > 0) {
            java.time.Instant died = java.time.Instant.parse(container.at("/lastState/terminated/finishedAt").asText());
            double apiserverRestart = startOf(trace, "bash scripts/local-cluster.sh restart-apiserver");
            LOG.infof("the sink restarted %d time(s), last at %s (%s), kube-apiserver restarted at %.0f", restarts,
                    died, container.at("/lastState/terminated/reason").asText(), apiserverRestart);
            assertEquals(1, restarts, "at most the one restart an apiserver restart may cost");
            assertTrue(died.getEpochSecond() >= (long) apiserverRestart - 1,
                    "the sink restarted only after kube-apiserver did: " + container);
        }
        // What runs, read from the kernel rather than from the pod's spec: uid and gid 185, no capabilities, no
        // privilege gain, and "/" mounted read-only.
        long pid = containerPid(container.get("containerID").asText());
        List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
        assertTrue(status.stream().anyMatch(l -> l.matches("Uid:\\s+185\\s+185\\s+185\\s+185")), status.toString());
        assertTrue(status.stream().anyMatch(l -> l.matches("Gid:\\s+185\\s+185\\s+185\\s+185")), status.toString());
        assertTrue(status.stream().anyMatch(l -> l.matches("CapEff:\\s+0+")), "no capabilities: " + status);
        assertTrue(status.stream().anyMatch(l -> l.matches("NoNewPrivs:\\s+1")), status.toString());
        String root = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals("/")).findFirst().orElseThrow();
        assertTrue(List.of(root.split(" ")[5].split(",")).contains("ro"), "the root filesystem is read-only: " + root);

        String look = runReadmeBlock(1, Duration.ofMinutes(5));
        assertTrue(look.contains("seals verified"), look);
        assertSealedExactlyAsLogged(10, null);
    }

    @Test
    @Order(2)
    void trafficAcrossADeletedPodAndAHelmUpgrade_isSealedExactlyAsTheApiserverLoggedIt() throws Exception {
        Assumptions.assumeTrue(installed, "needs the README's installation");
        kubectl("create", "namespace", "helm-load");
        List<String> outages = new ArrayList<>();
        try (ConfigMapLoad load = new ConfigMapLoad(env.get("LOCAL_CLUSTER_URL"), Path.of(env.get("LOCAL_CLUSTER_CA")),
                adminToken(), "helm-load", 2, 50)) {
            awaitCreated(load, 300);
            String first = runningPod().at("/metadata/name").asText();
            long deleted = System.nanoTime();
            kubectl("-n", NS, "delete", "pod", first);
            String second = awaitNewReadyPod(first);
            outages.add("kubectl delete pod: " + seconds(deleted) + " s");
            awaitCreated(load, load.created() + 300);

            long upgraded = System.nanoTime();
            // A value a user changes: the period the sink re-reads its certificate; the pod template changes with it.
            new Helm(CHART).upgrade().withName(RELEASE).withNamespace(NS).withValuesFile(VALUES)
                    .set("tls.reloadPeriod", "30m").withKubeConfig(kubeconfig).call();
            String third = awaitNewReadyPod(second);
            outages.add("helm upgrade: " + seconds(upgraded) + " s");
            assertTrue(runningPod().toString().contains("\"value\":\"30m\""), "the upgraded value reached the pod");
            awaitCreated(load, load.created() + 300);
            LOG.infof("load: %d ConfigMaps created, %d requests failed; pods %s -> %s -> %s", load.created(),
                    load.failed(), first, second, third);
        }
        LOG.infof("outages (stop -> new pod Ready): %s", outages);
        assertSealedExactlyAsLogged(900, "helm-load");
    }

    @Test
    @Order(3)
    void helmUninstall_keepsTheJournalAndTheSeals_andAReinstallContinuesTheChain() throws Exception {
        Assumptions.assumeTrue(installed, "needs the README's installation");
        JsonNode before = JSON.readTree(kubectl("-n", NS, "get", "auditchain", CHAIN, "-o", "json"));
        long sealsBefore = before.at("/status/sealCount").asLong();
        String key = before.at("/status/publicKey").asText();
        String pvcUid = kubectl("-n", NS, "get", "pvc", RELEASE + "-journal", "-o", "jsonpath={.metadata.uid}");

        Helm.uninstall(RELEASE).withNamespace(NS).withKubeConfig(kubeconfig).call();
        installed = false;
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() ->
                kubectl("-n", NS, "get", "pods", "-o", "name").isBlank());
        assertEquals(pvcUid, kubectl("-n", NS, "get", "pvc", RELEASE + "-journal", "-o", "jsonpath={.metadata.uid}"),
                "the journal's claim is kept");
        assertFalse(kubectl("-n", NS, "get", "secret", RELEASE + "-tls", "-o", "name").isBlank(),
                "the TLS Secret kube-apiserver trusts is kept");
        long records = JSON.readTree(kubectl("-n", NS, "get", "auditseals", "-o", "json")).get("items").size();
        assertTrue(records >= sealsBefore, "the AuditSeal records stay: " + records + " of " + sealsBefore);
        try (MinioClient admin = TestS3.admin()) {
            long objects = StreamSupport.stream(admin.listObjects(ListObjectsArgs.builder().bucket(BUCKET).recursive(true)
                    .build()).spliterator(), false).count();
            assertTrue(objects >= sealsBefore, objects + " objects for " + sealsBefore + " seals");
        }

        long start = System.nanoTime();
        new Helm(CHART).install().withName(RELEASE).withNamespace(NS).withValuesFile(VALUES).withKubeConfig(kubeconfig)
                .call();
        installed = true;
        // The chain's status still says what the uninstalled operator last wrote: the new pod's readiness (it leads
        // and its reconcilers run) is what counts, then the status it writes.
        runningPod();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> condition("auditchain", CHAIN, "Ready"),
                "True"::equals);
        LOG.infof("reinstall -> pod ready and chain Ready: %d s", seconds(start));
        assertEquals(pvcUid, kubectl("-n", NS, "get", "pvc", RELEASE + "-journal", "-o", "jsonpath={.metadata.uid}"),
                "the reinstall adopted the kept claim");
        for (int i = 0; i < 20; i++) {
            kubectl("-n", "helm-load", "create", "configmap", "after-reinstall-" + i, "--from-literal=n=" + i);
        }
        assertSealedExactlyAsLogged(900, null);
        JsonNode after = JSON.readTree(kubectl("-n", NS, "get", "auditchain", CHAIN, "-o", "json"));
        assertEquals(key, after.at("/status/publicKey").asText(), "the same chain, signed by the same key");
        assertTrue(after.at("/status/sealCount").asLong() > sealsBefore, "sealing went on: " + after.at("/status"));
    }

    // --- the README

    /**
     * Runs the README's {@code index}th block marked for this test in one bash, traced with the time of every
     * command; the trace and output.
     */
    private static String runReadmeBlock(int index, Duration timeout) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String marker = "<!-- HelmLocalClusterE2EIT runs this block -->\n```sh\n";
        int at = -1;
        for (int i = 0; i <= index; i++) {
            at = readme.indexOf(marker, at + 1);
            assertTrue(at >= 0, "README.md has a block " + index + " marked for this test");
        }
        String block = readme.substring(at + marker.length(), readme.indexOf("\n```", at + marker.length()));
        Path script = DIR.resolve("readme-block-" + index + ".sh");
        // Bash run by root takes no PS4 from the environment: the script sets it before tracing.
        Files.writeString(script, "PS4='+ ${EPOCHREALTIME} '\nset -euxo pipefail\n" + block + "\n");
        // What the reader's shell has by then: QS and BUCKET, and once the cluster is up, what its env line set.
        Map<String, String> shell = new java.util.HashMap<>(Map.of("QS", DIR.toString(), "BUCKET", BUCKET));
        String path = DIR.resolve("bin") + ":" + System.getenv("PATH");
        if (env != null) {
            shell.put("KUBECONFIG", env.get("KUBECONFIG"));
            path = Path.of(env.get("KUBECTL")).getParent() + ":" + path;
        }
        shell.put("PATH", path);
        String output = Commands.run(List.of("bash", script.toString()), shell, timeout);
        Files.writeString(DIR.resolve("readme-block-" + index + ".log"), output);
        return output;
    }

    /** Each top-level command of a trace with its start, in seconds from the first. */
    private static List<String> stepTimes(String trace) {
        List<String> steps = new ArrayList<>();
        double first = -1;
        for (String line : trace.lines().filter(l -> TRACED.matcher(l).matches()).toList()) {
            String[] parts = line.split(" ", 3);
            double t = Double.parseDouble(parts[1]);
            first = first < 0 ? t : first;
            String command = parts.length > 2 ? parts[2] : "";
            steps.add("%.0f %s".formatted(t - first, command.length() > 60 ? command.substring(0, 60) : command));
        }
        return steps;
    }

    /** The start, in epoch seconds, of the first traced command starting with {@code command}. */
    private static double startOf(String trace, String command) {
        return trace.lines().filter(l -> TRACED.matcher(l).matches()).map(l -> l.split(" ", 3))
                .filter(parts -> parts[2].startsWith(command)).map(parts -> Double.parseDouble(parts[1])).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + command + "' in the trace"));
    }

    /** Seconds from the start of the first command starting with {@code from} to the end of the one starting with {@code to}. */
    private static double secondsBetween(String trace, String from, String to) {
        List<String> lines = trace.lines().filter(l -> TRACED.matcher(l).matches()).toList();
        double start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(" ", 3);
            if (start < 0 && parts.length > 2 && parts[2].startsWith(from)) {
                start = Double.parseDouble(parts[1]);
            } else if (start >= 0 && parts.length > 2 && parts[2].startsWith(to) && i + 1 < lines.size()) {
                return Double.parseDouble(lines.get(i + 1).split(" ", 3)[1]) - start;
            }
        }
        throw new AssertionError("no '" + from + "' followed by '" + to + "' in the trace");
    }

    // --- what was logged, what was sealed

    /**
     * Every event the apiserver logged up to a cut is sealed exactly as often as logged, nothing is sealed that it
     * did not log, no batch was dropped, and every seal is Verified, Locked and ChainLinked. With {@code admitted},
     * the admission webhook's records of that namespace's objects are on the chain too.
     */
    private static void assertSealedExactlyAsLogged(int minEvents, String admitted) throws Exception {
        NoteVerifier verifier = NoteVerifier.parse(Files.readString(vkeyFile()).strip());
        ChainId chain = new ChainId(NS, CHAIN);
        // The apiserver keeps auditing (the sink's own calls, the kubelet), so compare at a cut.
        Map<String, Integer> loggedAtCut = AuditTrail.logged(AUDIT_LOG);
        AuditTrail.Sealed sealed = AuditTrail.awaitSealed(TestS3.config(BUCKET), chain, verifier, loggedAtCut, AUDIT_LOG, WAIT);
        Map<String, Integer> logged = AuditTrail.logged(AUDIT_LOG);
        LOG.infof("apiserver audit log: %d events at the cut, %d when compared; sealed: %d events, %d admission records",
                loggedAtCut.size(), logged.size(), sealed.events().size(), sealed.admissions().size());
        assertTrue(loggedAtCut.size() > minEvents, "traffic produced " + loggedAtCut.size() + " events");
        assertEquals(List.of(), AuditTrail.sealedMoreOftenThanLogged(sealed, logged), "sealed more often than logged");
        if (admitted != null) {
            assertTrue(sealed.admissions().stream().anyMatch(r -> r.toString().contains("\"" + admitted + "\"")),
                    "the admission webhook, reached through the Service, recorded objects of " + admitted);
        }
        String apiserverLog = Files.readString(Path.of(env.get("LOCAL_CLUSTER_LOG_DIR"), "kube-apiserver.log"));
        assertFalse(apiserverLog.contains("affecting"), "the apiserver dropped audit events");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> AuditTrail.allVerifiedLockedLinked(
                JSON.readTree(kubectl("-n", NS, "get", "auditseals", "-o", "json")).get("items")));
        LOG.info("\n" + kubectl("-n", NS, "get", "auditseals"));
    }

    private static Path vkeyFile() throws Exception {
        Path file = DIR.resolve(CHAIN + ".vkey");
        if (!Files.exists(file)) {
            Files.writeString(file, JSON.readTree(kubectl("-n", NS, "get", "auditchain", CHAIN, "-o", "json"))
                    .at("/status/publicKey").asText() + "\n");
        }
        return file;
    }

    // --- pods

    /** The sink's one pod, once it runs and is ready. */
    private static JsonNode runningPod() throws Exception {
        return await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode items = JSON.readTree(kubectl("-n", NS, "get", "pods", "-l", "app.kubernetes.io/name=auditseal",
                    "-o", "json")).get("items");
            return items.size() == 1 ? items.get(0) : null;
        }, pod -> pod != null && pod.at("/metadata/deletionTimestamp").isMissingNode()
                && pod.at("/status/containerStatuses/0/ready").asBoolean(false));
    }

    private static String awaitNewReadyPod(String previous) throws Exception {
        String name = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(
                () -> runningPod().at("/metadata/name").asText(), n -> !n.equals(previous));
        return name;
    }

    /** The pid, in this machine's pid namespace, of a container's process: from containerd, by container ID. */
    private static long containerPid(String containerId) throws Exception {
        String id = containerId.substring(containerId.indexOf("://") + 3);
        String tasks = Commands.run(List.of("ctr", "--address", "/run/containerd/containerd.sock", "--namespace",
                "k8s.io", "tasks", "ls"), Map.of(), Duration.ofSeconds(30));
        return tasks.lines().filter(l -> l.startsWith(id + " ")).map(l -> Long.parseLong(l.split("\\s+")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no task " + id + " in\n" + tasks));
    }

    private static void awaitCreated(ConfigMapLoad load, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> load.created() >= count);
    }

    // --- tools

    private static String condition(String kind, String name, String type) throws Exception {
        for (JsonNode condition : JSON.readTree(kubectl("-n", NS, "get", kind, name, "-o", "json")).at("/status/conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    private static String appVersion() throws Exception {
        return Commands.run(List.of("bash", "scripts/image.sh", "name"), Map.of(), Duration.ofSeconds(30)).strip()
                .replaceFirst("^.*:", "");
    }

    private static String adminToken() throws Exception {
        return Files.readAllLines(kubeconfig).stream().filter(l -> l.contains("token: ")).findFirst().orElseThrow()
                .strip().substring("token: ".length());
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(env.get("KUBECTL")));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of("KUBECONFIG", kubeconfig.toString()), Duration.ofMinutes(2));
    }

    private static long seconds(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds();
    }
}
