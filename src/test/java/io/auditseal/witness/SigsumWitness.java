package io.auditseal.witness;

import io.auditseal.tlog.note.CosignatureVerifier;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteVerifier;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running sigsum-witness (scripts/sigsum-witness.sh, Debian's sigsum-go) for one log, for the tests: started on a
 * free loopback port with a new key, stopped with {@link #close}.
 */
public final class SigsumWitness implements AutoCloseable {

    private final Path dir;
    private final Witness witness;

    private SigsumWitness(Path dir, Witness witness) {
        this.dir = dir;
        this.witness = witness;
    }

    /** Starts a witness of the log whose key is {@code log} (its origin must be sigsum.org/v1/tree/...). */
    public static SigsumWitness start(NoteVerifier log) throws Exception {
        Path dir = Files.createTempDirectory("auditseal-sigsum-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String vkey = script("start", dir.toString(), String.valueOf(port), log.encode()).strip().lines()
                .reduce((first, second) -> second).orElseThrow();
        return new SigsumWitness(dir, new Witness(URI.create("http://127.0.0.1:" + port), parse(vkey)));
    }

    private static CosignatureVerifier parse(String vkey) throws MalformedNoteException {
        return CosignatureVerifier.parse(vkey);
    }

    public Witness witness() {
        return witness;
    }

    @Override
    public void close() throws Exception {
        script("stop", dir.toString());
    }

    private static String script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/sigsum-witness.sh"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("sigsum", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("sigsum-witness.sh " + args[0] + " timed out");
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError("sigsum-witness.sh " + args[0] + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
