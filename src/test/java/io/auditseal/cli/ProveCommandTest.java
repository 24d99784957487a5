package io.auditseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `prove` builds inclusion proofs from a verified chain; `verify-proof` checks them offline. */
class ProveCommandTest {

    @TempDir
    Path dir;

    private DirectoryChainFixture chain;

    @BeforeEach
    void seal() throws Exception {
        chain = new DirectoryChainFixture(dir, 3, 4, 2);
    }

    @Test
    void prove_byAuditId_printsABundleThatVerifiesOffline() throws Exception {
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--audit-id", "id-5", "--stage", "ResponseComplete");
        assertEquals(0, proof.exitCode, proof.output);
        JsonNode bundle = new ObjectMapper().readTree(proof.output);
        assertEquals(5, bundle.get("leafIndex").asInt());
        assertEquals(9, bundle.get("treeSize").asInt());
        Path file = dir.resolve("proof.json");
        Files.writeString(file, proof.output);

        Result check = run("verify-proof", "--proof", file.toString(), "--vkey", chain.key.verifier().encode());
        assertEquals(0, check.exitCode, check.output);
        assertTrue(check.output.startsWith("VALID"), check.output);
    }

    @Test
    void prove_byAuditIdOfAnUncanonicalRecord_findsItsWrappedLeaf() throws Exception {
        DirectoryChainFixture odd = new DirectoryChainFixture(dir.resolve("odd"), java.util.Set.of(4), 3, 4, 2);
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", odd.store.toString(),
                "--vkey", odd.key.verifier().encode(), "--audit-id", "id-4", "--stage", "ResponseComplete");
        assertEquals(0, proof.exitCode, proof.output);
        JsonNode bundle = new ObjectMapper().readTree(proof.output);
        assertEquals(4, bundle.get("leafIndex").asInt());
        Path file = dir.resolve("odd-proof.json");
        Files.writeString(file, proof.output);
        Result check = run("verify-proof", "--proof", file.toString(), "--vkey", odd.key.verifier().encode());
        assertEquals(0, check.exitCode, check.output);
    }

    @Test
    void prove_recordFileWithoutCanonicalForm_saysToProveByAuditId() throws Exception {
        Path record = dir.resolve("odd.json");
        Files.writeString(record, "{\"auditID\":\"id-4\",\"stage\":\"ResponseComplete\",\"x\":1,\"x\":2}");
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--record-file", record.toString());
        assertEquals(2, proof.exitCode, proof.output);
        assertTrue(proof.output.contains("UncanonicalRecord") && proof.output.contains("--audit-id"), proof.output);
    }

    @Test
    void prove_recordFileFormattedDifferently_findsTheSameLeaf() throws Exception {
        // The event as another log would keep it: other member order and whitespace.
        Path record = dir.resolve("event.json");
        Files.writeString(record, "{\n  \"stage\" : \"ResponseComplete\",\n  \"auditID\" : \"id-7\"\n}\n");
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--record-file", record.toString());
        assertEquals(0, proof.exitCode, proof.output);
        assertEquals(7, new ObjectMapper().readTree(proof.output).get("leafIndex").asInt());
    }

    @Test
    void prove_eventFromTheApiserversLogFile_withKindAndApiVersion_findsTheWebhooksLeaf() throws Exception {
        // kube-apiserver's log backend writes kind and apiVersion on each event; the webhook's items carry neither.
        Path record = dir.resolve("logged.json");
        Files.writeString(record, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"id-3\","
                + "\"stage\":\"ResponseComplete\"}\n");
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--record-file", record.toString());
        assertEquals(0, proof.exitCode, proof.output);
        assertEquals(3, new ObjectMapper().readTree(proof.output).get("leafIndex").asInt());

        // Only the audit Event's own two fields are dropped: any other extra field is another record.
        Files.writeString(record, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"id-3\","
                + "\"stage\":\"ResponseComplete\",\"verb\":\"get\"}\n");
        assertEquals(1, run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--record-file", record.toString()).exitCode);
    }

    @Test
    void verifyProof_editedRecordOrOtherKey_isInvalid() throws Exception {
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--audit-id", "id-2", "--stage", "ResponseComplete");
        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, proof.output.replace("id-2", "id-X"));
        Result check = run("verify-proof", "--proof", edited.toString(), "--vkey", chain.key.verifier().encode());
        assertEquals(1, check.exitCode, check.output);
        assertTrue(check.output.contains("inclusion proof fails"), check.output);

        Path original = dir.resolve("proof.json");
        Files.writeString(original, proof.output);
        String otherKey = DirectoryChainFixture.otherKey().verifier().encode();
        assertEquals(1, run("verify-proof", "--proof", original.toString(), "--vkey", otherKey).exitCode);
    }

    @Test
    void proveAcrossKeyRotations_verifiesWithTheFirstKeyAlone_andNotWithoutItsHandovers() throws Exception {
        Ed25519PrivateKey second = DirectoryChainFixture.otherKey();
        Ed25519PrivateKey third = Ed25519PrivateKey.fromSeed(DirectoryChainFixture.CHAIN.defaultOrigin(), new byte[] {
                3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
        chain.handOverTo(second, chain.key, 2);
        chain.handOverTo(third, second, 3);
        // Record id-1 was sealed under the first key; the newest checkpoint is signed by the third.
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--audit-id", "id-1", "--stage", "ResponseComplete");
        assertEquals(0, proof.exitCode, proof.output);
        JsonNode bundle = new ObjectMapper().readTree(proof.output);
        assertEquals(2, bundle.get("keyHandovers").size());
        Path file = dir.resolve("rotated-proof.json");
        Files.writeString(file, proof.output);
        Result check = run("verify-proof", "--proof", file.toString(), "--vkey", chain.key.verifier().encode());
        assertEquals(0, check.exitCode, check.output);

        // Without the hand-overs, the first key cannot vouch for the third key's checkpoint.
        com.fasterxml.jackson.databind.node.ObjectNode stripped = (com.fasterxml.jackson.databind.node.ObjectNode) bundle;
        stripped.remove("keyHandovers");
        Path noHandovers = dir.resolve("no-handovers.json");
        Files.writeString(noHandovers, stripped.toString());
        Result refused = run("verify-proof", "--proof", noHandovers.toString(), "--vkey", chain.key.verifier().encode());
        assertEquals(1, refused.exitCode, refused.output);

        // A hand-over whose consistency proof was tampered with breaks the bundle.
        JsonNode again = new ObjectMapper().readTree(proof.output);
        var consistency = (com.fasterxml.jackson.databind.node.ArrayNode) again.get("keyHandovers").get(0).get("consistencyProof");
        consistency.set(0, new com.fasterxml.jackson.databind.node.TextNode("00".repeat(32)));
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, again.toString());
        Result broken = run("verify-proof", "--proof", tampered.toString(), "--vkey", chain.key.verifier().encode());
        assertEquals(1, broken.exitCode, broken.output);
        assertTrue(broken.output.contains("is not consistent with the tree after it"), broken.output);
    }

    @Test
    void prove_unknownRecord_exits1() {
        Result proof = run("prove", "--chain", "prod/cluster-a", "--store-dir", chain.store.toString(),
                "--vkey", chain.key.verifier().encode(), "--audit-id", "nope", "--stage", "ResponseComplete");
        assertEquals(1, proof.exitCode);
        assertTrue(proof.output.contains("no such record"), proof.output);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return new Result(cli.execute(new ArrayList<>(List.of(args)).toArray(String[]::new)), out.toString());
    }

    private record Result(int exitCode, String output) {
    }
}
