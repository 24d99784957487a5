package io.auditseal;

import io.auditseal.format.ChainId;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's first command: `demo` on the packaged jar seals the sample events and leaves a verifiable chain. */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void demo_packagedJar_sealsSamplesThatVerifyIndependently() throws Exception {
        Result first = demo();
        assertEquals(0, first.exitCode, first.output);
        assertTrue(first.output.contains("AuditSeal demo: OK"), first.output);
        assertTrue(first.output.contains("10 events accepted, 5 duplicates dropped"), first.output);

        // Check the result with the files alone, as another tool would.
        NoteVerifier vkey = NoteVerifier.parse(Files.readString(dir.resolve("cluster-a.vkey")));
        ChainReport report = new ChainVerifier(new DirectoryStore(dir.resolve("store")), new ChainId("demo", "cluster-a"), vkey)
                .verifyAll();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(10, report.records());
        assertTrue(Files.isDirectory(dir.resolve("journal")));

        // Run again on the same directory: the chain continues, nothing is sealed twice.
        Result second = demo();
        assertEquals(0, second.exitCode, second.output);
        assertTrue(second.output.contains("0 events accepted, 15 duplicates dropped"), second.output);
    }

    private Result demo() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toString(), "demo", "--data", dir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "demo did not finish");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
