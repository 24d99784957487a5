package io.auditseal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code auditseal demo}: the whole product on one machine with nothing to install. {@code Main} starts the sink
 * in standalone mode with a directory store on a free loopback port, and {@link DemoRun} then plays
 * kube-apiserver against it, waits for the seals and verifies them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the sink locally, send it sample audit events as kube-apiserver would, seal and verify them.")
public final class DemoCommand implements Runnable {

    static final String NAMESPACE = "demo";
    static final String CHAIN = "cluster-a";

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where to keep everything (store, journal, keys); default: a new temporary directory.")
    Path data;

    private String token;
    private int port;

    /** Creates the data directory and the chain configuration; returns the server's configuration. */
    public Map<String, String> prepare() {
        try {
            data = (data == null ? Files.createTempDirectory("auditseal-demo-") : data).toAbsolutePath();
            Path config = Files.createDirectories(data.resolve("config"));
            token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            port = freePort();
            Files.writeString(config.resolve("demo-chain.yaml"), """
                    # Written by auditseal demo: one chain sealing to a local directory every second.
                    apiVersion: auditseal.io/v1alpha1
                    kind: AuditChain
                    metadata: {name: %s, namespace: %s}
                    spec:
                      clusterName: demo-cluster
                      storage: {directory: {path: %s}}
                      batch: {maxRecords: 10000, maxDelay: 1s}
                      auth: {tokenSecretRef: {name: demo-token, key: token}}
                    ---
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: demo-token, namespace: %s}
                    stringData: {token: %s}
                    """.formatted(CHAIN, NAMESPACE, data.resolve("store"), NAMESPACE, token));
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot prepare " + data + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("auditseal.standalone", "true");
        properties.put("auditseal.config-dir", data.resolve("config").toString());
        properties.put("auditseal.data-dir", data.toString());
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", String.valueOf(port));
        // The demo prints its own summary; the server's routine logging would drown it.
        properties.put("quarkus.log.level", "WARN");
        return properties;
    }

    /** The client side of the demo, to run once the server is up. */
    public DemoRun run(CommandLine.Model.CommandSpec spec) {
        return new DemoRun(data, port, token, NAMESPACE, CHAIN, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public CommandLine.Model.CommandSpec spec() {
        return spec;
    }

    @Override
    public void run() {
        throw new IllegalStateException("logic error: demo is started by Main through Quarkus, not by picocli");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
