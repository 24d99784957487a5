package io.auditseal.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts and the tools they start (kubectl, curl) from end-to-end tests. */
final class Commands {

    private Commands() {
    }

    /** The command's output (stdout and stderr); an AssertionError if it exits non-zero or outlasts {@code timeout}. */
    static String run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        // Output to a file, so that a hung command cannot block the pipe and the timeout holds.
        Path output = Files.createTempFile("auditseal-run", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command + "\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** {@code NAME=value} lines (a script's {@code env} file) as a map. */
    static Map<String, String> env(Path file) throws Exception {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
