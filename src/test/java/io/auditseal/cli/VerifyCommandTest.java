package io.auditseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `auditseal verify` on a directory store: exit codes, text and JSON reports, tail truncation with a kept checkpoint. */
class VerifyCommandTest {

    private static final ChainId CHAIN = DirectoryChainFixture.CHAIN;

    @TempDir
    Path dir;

    private Ed25519PrivateKey key;
    private List<byte[]> leaves;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void sealThreeBatches() throws Exception {
        DirectoryChainFixture chain = new DirectoryChainFixture(dir, 3, 4, 2);
        key = chain.key;
        leaves = chain.records;
    }

    @Test
    void verify_intactChain_exits0AndReportsTheHead() throws Exception {
        assertEquals(0, run("--vkey", key.verifier().encode()), err.toString());
        assertTrue(out.toString().contains("VERIFIED"), out.toString());
        assertTrue(out.toString().contains("records         9"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("--vkey", key.verifier().encode(), "--output", "json"));
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertTrue(report.get("verified").asBoolean());
        assertEquals(3, report.get("totals").get("seals").asInt());
        assertEquals(9, report.get("totals").get("records").asInt());
        assertTrue(report.get("checkpoint").asText().startsWith("auditseal/prod/cluster-a\n9\n"));
    }

    @Test
    void verify_oneByteChanged_exits1WithTheReasonCode() throws Exception {
        Path events = dir.resolve("store").resolve(SealLayout.objectKey(CHAIN, SealLayout.eventsKey(1)));
        Files.setPosixFilePermissions(events, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] bytes = Files.readAllBytes(events);
        bytes[bytes.length / 2] ^= 1;
        Files.write(events, bytes);
        assertEquals(1, run("--vkey", key.verifier().encode(), "--output", "json"));
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertEquals("DIGEST_MISMATCH", report.get("failure").get("reason").asText());
        assertEquals(1, report.get("failure").get("sequence").asInt());
    }

    @Test
    void verify_newestSealDeleted_isCaughtOnlyWithTheKeptCheckpoint() throws Exception {
        // The auditor kept a checkpoint in the middle of the last seal (tree size 8 of 9).
        CompactRange range = CompactRange.empty(Rfc6962Hasher.SHA256);
        for (int i = 0; i < 8; i++) {
            range.append(Rfc6962Hasher.SHA256.hashLeaf(leaves.get(i)), NodeVisitor.NONE);
        }
        Path kept = dir.resolve("kept.checkpoint");
        Files.writeString(kept, SignedCheckpoint.sign(new Checkpoint(CHAIN.defaultOrigin(), 8, range.rootHash()), key));
        assertEquals(0, run("--vkey", key.verifier().encode(), "--trusted-checkpoint", kept.toString()), out.toString());

        Path last = dir.resolve("store").resolve(SealLayout.objectKey(CHAIN, SealLayout.sealDirectory(2)));
        for (String name : List.of(SealLayout.EVENTS_OBJECT, SealLayout.MANIFEST_OBJECT)) {
            Files.delete(last.resolve(name));
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("--vkey", key.verifier().encode()), "without the kept checkpoint the shorter chain looks intact");
        out.getBuffer().setLength(0);
        assertEquals(1, run("--vkey", key.verifier().encode(), "--trusted-checkpoint", kept.toString(), "--output", "json"));
        assertEquals("INCONSISTENT_WITH_TRUSTED_CHECKPOINT",
                new ObjectMapper().readTree(out.toString()).get("failure").get("reason").asText());
    }

    @Test
    void verify_anotherKey_exits1SignatureInvalid() throws Exception {
        Ed25519PrivateKey other = DirectoryChainFixture.otherKey();
        assertEquals(1, run("--vkey", other.verifier().encode()));
        assertTrue(out.toString().contains("SIGNATURE_INVALID"), out.toString());
    }

    @Test
    void verify_fromSequence_startsFromTheSignedCompactRange() {
        assertEquals(0, run("--vkey", key.verifier().encode(), "--from-seq", "2"), out.toString() + err);
        assertTrue(out.toString().contains("seals verified  1"), out.toString());
    }

    @Test
    void verify_badArguments_exit2() {
        assertEquals(2, run("--vkey", "not-a-key"));
        assertEquals(2, CommandLine.ExitCode.USAGE, "picocli's usage code is ours");
        StringWriter e = new StringWriter();
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setErr(new PrintWriter(e));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("verify", "--chain", "prod/cluster-a", "--vkey", key.verifier().encode(),
                "--store-dir", dir.resolve("missing").toString()));
    }

    @Test
    void verify_afterAKeyHandover_followsItFromTheFirstKey_orFromATrustedSet() throws Exception {
        DirectoryChainFixture rotated = new DirectoryChainFixture(dir.resolve("rotated"), 3);
        Ed25519PrivateKey next = DirectoryChainFixture.otherKey();
        rotated.handOverTo(next, rotated.key, 2);
        List<String> store = List.of("--store-dir", rotated.store.toString());

        assertEquals(0, runOn(store, "--vkey", rotated.key.verifier().encode()), err.toString() + out);
        assertTrue(out.toString().contains("key             " + rotated.key.verifier().encode() + " signed seals 0-1"),
                out.toString());
        assertTrue(out.toString().contains("key             " + next.verifier().encode() + " signed seals 1-2"),
                out.toString());

        out.getBuffer().setLength(0);
        assertEquals(1, runOn(store, "--vkey", next.verifier().encode()), "the later key alone cannot vouch for seal 0");

        Path trustedSet = dir.resolve("trusted.vkeys");
        Files.writeString(trustedSet, next.verifier().encode() + "\n" + rotated.key.verifier().encode() + "\n");
        out.getBuffer().setLength(0);
        assertEquals(0, runOn(store, "--vkey-file", trustedSet.toString()), err.toString() + out);
    }

    private int runOn(List<String> store, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--chain", CHAIN.toString()));
        args.addAll(store);
        args.addAll(List.of(extra));
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--chain", CHAIN.toString(), "--store-dir",
                dir.resolve("store").toString()));
        args.addAll(List.of(extra));
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }
}
