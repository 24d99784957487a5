package io.auditseal.cli;

import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.NoteVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeygenCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void keygen_writesMatchingKeyPairInSignedNoteFormat() throws Exception {
        assertEquals(0, run("keygen", "--name", "auditseal/prod/cluster-a", "--out", dir.toString()), err.toString());

        String privateKey = Files.readString(dir.resolve("auditseal-prod-cluster-a.key")).strip();
        String verifierKey = Files.readString(dir.resolve("auditseal-prod-cluster-a.vkey")).strip();
        assertTrue(privateKey.startsWith("PRIVATE+KEY+auditseal/prod/cluster-a+"), privateKey);
        Ed25519PrivateKey signer = Ed25519PrivateKey.parse(privateKey);
        NoteVerifier verifier = NoteVerifier.parse(verifierKey);
        assertEquals(verifierKey, signer.verifier().encode());
        verifier.verify("hi".getBytes(), signer.sign("hi".getBytes()));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("auditseal-prod-cluster-a.key"))));
        assertTrue(out.toString().contains(verifierKey), out.toString());
        assertTrue(!out.toString().contains(privateKey), "private key printed");
    }

    @Test
    void keygen_existingKey_refusesToOverwrite() throws Exception {
        assertEquals(0, run("keygen", "--name", "a", "--out", dir.toString()));
        String before = Files.readString(dir.resolve("a.key"));
        assertEquals(1, run("keygen", "--name", "a", "--out", dir.toString()));
        assertEquals(before, Files.readString(dir.resolve("a.key")));
        assertTrue(err.toString().contains("already exists"), err.toString());
    }

    @Test
    void keygen_invalidNameOrMissingOption_isUsageError() {
        assertEquals(2, run("keygen", "--name", "has space", "--out", dir.toString()));
        assertEquals(2, run("keygen", "--out", dir.toString()));
    }

    private int run(String... args) {
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
