package io.auditseal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar: offline commands run as plain CLI commands and never boot the server. */
class MainIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @TempDir
    Path dir;

    @Test
    void keygen_packagedJar_runsWithoutBootingQuarkus() throws Exception {
        Result result = run("keygen", "--name", "auditseal/prod/a", "--out", dir.toString());
        assertEquals(0, result.exitCode, result.output);
        assertTrue(Files.exists(dir.resolve("auditseal-prod-a.vkey")));
        assertFalse(result.output.contains("Quarkus"), result.output);
        assertFalse(result.output.contains("Listening on"), result.output);
    }

    @Test
    void unknownOption_packagedJar_exitsWithUsageError() throws Exception {
        Result result = run("keygen", "--name", "a", "--out", dir.toString(), "--no-such-option");
        assertEquals(2, result.exitCode, result.output);
        assertTrue(result.output.contains("Unknown option"), result.output);
    }

    @Test
    void help_packagedJar_listsCommands() throws Exception {
        Result result = run("--help");
        assertEquals(0, result.exitCode, result.output);
        assertTrue(result.output.contains("keygen") && result.output.contains("serve"), result.output);
    }

    @Test
    void serveWithoutCluster_failsFast_sayingWhatToDo(@TempDir Path dir) throws Exception {
        // No kubeconfig and not in a pod: the client's default server does not resolve.
        Path kubeconfig = dir.resolve("no-such-kubeconfig");
        Result result = run(Map.of("KUBECONFIG", kubeconfig.toString()),
                "serve", "--insecure-http", "--port", "0", "--data", dir.resolve("data").toString());
        assertTrue(result.exitCode != 0, result.output);
        assertTrue(result.output.contains("cluster mode cannot reach the Kubernetes API"), result.output);
        assertTrue(result.output.contains("--standalone --config DIR"), result.output);
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command did not finish in 60 s: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
