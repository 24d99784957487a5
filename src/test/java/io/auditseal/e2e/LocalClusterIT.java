package io.auditseal.e2e;

import org.junit.jupiter.api.AfterAll;
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
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * scripts/local-cluster.sh for real: a single-node Kubernetes (kubelet on containerd, CNI, kube-proxy) on this
 * machine. It schedules and runs a Deployment's pod, serves the API through the {@code kubernetes} Service, and
 * {@code down} leaves the machine as it found it: the same interfaces, routes, iptables chains and nft tables, mounts,
 * cgroups, network namespaces, kernel settings and no process of its own.
 */
@EnabledOnOs(OS.LINUX)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

    private static final Path SCRIPT = Path.of("scripts", "local-cluster.sh");
    private static final Duration UP = Duration.ofMinutes(15);

    private static List<String> before;
    private static Map<String, String> env;
    private static boolean up;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "scripts/local-cluster.sh configures network, mounts and cgroups: run as root (CI does)");
        before = machineState();
        String url = Commands.run(List.of("bash", SCRIPT.toString(), "up"), Map.of(), UP).strip();
        up = true;
        assertTrue(url.endsWith("https://10.89.0.1:6443"), url);
        Path dir = Path.of(Commands.run(List.of("bash", SCRIPT.toString(), "env"), Map.of(), Duration.ofSeconds(30))
                .lines().filter(l -> l.startsWith("export LOCAL_CLUSTER_DIR=")).findFirst().orElseThrow()
                .substring("export LOCAL_CLUSTER_DIR=".length()));
        env = Commands.env(dir.resolve("env"));
    }

    @AfterAll
    static void downIfStillUp() throws Exception {
        if (up) {
            Commands.run(List.of("bash", SCRIPT.toString(), "down"), Map.of(), Duration.ofMinutes(3));
        }
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(env.get("KUBECTL"), "--kubeconfig", env.get("KUBECONFIG")));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), Duration.ofMinutes(1));
    }

    @Test
    @Order(1)
    void deploymentsPodRuns_onThePodNetwork_andTheKubernetesServiceReachesTheApiserver() throws Exception {
        Path manifest = Files.createTempFile("local-cluster-pod", ".yaml");
        Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: sandbox, namespace: default}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: sandbox}}
                  template:
                    metadata: {labels: {app: sandbox}}
                    spec:
                      containers:
                      - name: pause
                        image: auditseal.local/pause:1
                        imagePullPolicy: Never
                        securityContext: {runAsNonRoot: true, runAsUser: 65535, readOnlyRootFilesystem: true}
                """);
        kubectl("apply", "-f", manifest.toString());
        Files.delete(manifest);
        // The controller manager makes the ReplicaSet and the pod (with its ServiceAccount's token), the scheduler
        // binds it, the kubelet runs it on containerd with an address from the bridge.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                kubectl("get", "pods", "-l", "app=sandbox", "-o", "jsonpath={.items[*].status.phase}").equals("Running"));
        String podIp = kubectl("get", "pods", "-l", "app=sandbox", "-o", "jsonpath={.items[0].status.podIP}");
        assertTrue(podIp.startsWith("10.89.0."), podIp);
        assertEquals("auditseal-node", kubectl("get", "pods", "-l", "app=sandbox", "-o",
                "jsonpath={.items[0].spec.nodeName}"));

        // kube-proxy's rules take the Service's ClusterIP to the apiserver on the node's address.
        String token = Files.readAllLines(Path.of(env.get("KUBECONFIG"))).stream().filter(l -> l.contains("token: "))
                .findFirst().orElseThrow().strip().substring("token: ".length());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Commands.run(List.of("curl", "-s", "-m", "5", "--cacert", env.get("LOCAL_CLUSTER_CA"), "-H",
                        "Authorization: Bearer " + token, "https://10.96.0.1/readyz"), Map.of(), Duration.ofSeconds(10))
                        .equals("ok"));
    }

    @Test
    @Order(2)
    void down_leavesTheMachineAsItFoundIt() throws Exception {
        Commands.run(List.of("bash", SCRIPT.toString(), "down"), Map.of(), Duration.ofMinutes(3));
        up = false;
        assertEquals(before, machineState());
        Commands.run(List.of("bash", SCRIPT.toString(), "leftovers"), Map.of(), Duration.ofSeconds(30));
    }

    /**
     * What the cluster changes on the machine, each line prefixed with its kind: interfaces, routes, iptables
     * chains (names and rule counts, every table), mounts, kubepods cgroups and the kernel settings it writes.
     */
    private static List<String> machineState() throws Exception {
        String script = """
                ip -o link show | awk -F': ' '{print "link " $2}' | cut -d@ -f1
                ip route show table all | sed 's/^/route /'
                for t in filter nat mangle raw; do
                  for cmd in iptables ip6tables; do
                    $cmd -w -t $t -S 2>/dev/null | awk -v p="$cmd $t" '/^-N/ {print p " chain " $2} /^-A/ {n[$2]++}
                      END {for (c in n) print p " rules " c " " n[c]}'
                  done
                done
                findmnt -rn -o TARGET | sed 's/^/mount /'
                ls -d /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods 2>/dev/null | sed 's/^/cgroup /'
                for k in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables vm.overcommit_memory kernel.panic \\
                         kernel.panic_on_oops; do echo "sysctl $k=$(sysctl -n $k 2>/dev/null)"; done
                ls /run/netns 2>/dev/null | sed 's/^/netns /'
                nft list tables 2>/dev/null | sed 's/^/nft /'
                """;
        return List.copyOf(new TreeSet<>(Commands.run(List.of("bash", "-c", script), Map.of(), Duration.ofSeconds(30))
                .lines().toList()));
    }
}
