package io.auditseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyCommandTest {

    @TempDir
    Path dir;

    @Test
    void consistency_keptCheckpointToNewest_printsAVerifiedProof() throws Exception {
        DirectoryChainFixture chain = new DirectoryChainFixture(dir, 3, 4, 2);
        Path kept = checkpointAt(chain, 5, null);
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, chain, kept), out.toString());
        JsonNode proof = new ObjectMapper().readTree(out.toString());
        assertEquals(5, proof.get("oldSize").asInt());
        assertEquals(9, proof.get("newSize").asInt());
        assertTrue(proof.get("proof").size() > 0);
    }

    @Test
    void consistency_checkpointOfAnotherHistory_isInconsistent() throws Exception {
        DirectoryChainFixture chain = new DirectoryChainFixture(dir, 3, 4, 2);
        // A validly signed checkpoint for size 5 whose tree differs from the chain's (a forked history).
        Path forked = checkpointAt(chain, 5, "{\"auditID\":\"forged\",\"stage\":\"ResponseComplete\"}".getBytes());
        StringWriter out = new StringWriter();
        assertEquals(1, run(out, chain, forked), out.toString());
        assertTrue(out.toString().startsWith("INCONSISTENT"), out.toString());
    }

    /** A checkpoint signed by the chain's key at {@code size}, optionally with leaf 0 replaced. */
    private Path checkpointAt(DirectoryChainFixture chain, int size, byte[] replaceFirst) throws Exception {
        CompactRange range = CompactRange.empty(Rfc6962Hasher.SHA256);
        for (int i = 0; i < size; i++) {
            byte[] leaf = i == 0 && replaceFirst != null ? replaceFirst : chain.records.get(i);
            range.append(Rfc6962Hasher.SHA256.hashLeaf(leaf), NodeVisitor.NONE);
        }
        Path file = dir.resolve("checkpoint-" + size + (replaceFirst == null ? "" : "-forked"));
        Files.writeString(file, SignedCheckpoint.sign(new Checkpoint(DirectoryChainFixture.CHAIN.defaultOrigin(), size,
                range.rootHash()), chain.key));
        return file;
    }

    private static int run(StringWriter out, DirectoryChainFixture chain, Path old) {
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute("consistency", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--old-checkpoint", old.toString());
    }
}
