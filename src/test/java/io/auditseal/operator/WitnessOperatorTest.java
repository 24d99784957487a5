package io.auditseal.operator;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.server.ServeConfig;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.note.CosignatureVerifier;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import io.auditseal.tlog.witness.AddCheckpointRequest;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import io.auditseal.verify.WitnessPolicy;
import io.auditseal.witness.Witness;
import io.auditseal.witness.WitnessClient;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain that names a witness, against the Fabric8 mock API server and a real sigsum-witness
 * (scripts/sigsum-witness.sh): each seal's checkpoint is cosigned and the cosignature kept and listed on the
 * AuditSeal, the chain says Witnessed, the offline verifier requires the cosignatures; then someone with the chain's
 * key shows the witness a longer history this chain never made, and the chain reports the fork.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = MockApiServer.class)
class WitnessOperatorTest {

    private static final String NAMESPACE = "audit";
    private static final String CHAIN = "witnessed";
    private static final ChainId CHAIN_ID = new ChainId(NAMESPACE, CHAIN);
    private static final String TOKEN = "witness-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Path witnessDir;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ServeConfig config;

    private KubernetesClient client() {
        return server.getClient();
    }

    @AfterAll
    static void stopWitness() throws Exception {
        if (witnessDir != null) {
            script("stop", witnessDir.toString());
        }
    }

    private static String script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/sigsum-witness.sh"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("sigsum", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "sigsum-witness.sh timed out");
        String text = Files.readString(output);
        assertEquals(0, process.exitValue(), text);
        return text;
    }

    private AuditChain chain() {
        return client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).get();
    }

    private List<AuditSeal> seals() {
        return client().resources(AuditSeal.class).inNamespace(NAMESPACE).withLabel(ApiGroup.CHAIN_LABEL, CHAIN).list()
                .getItems().stream().sorted(java.util.Comparator.comparing(s -> s.getSpec().getSequence())).toList();
    }

    private void post(int events) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < events; i++) {
            items.append(i == 0 ? "" : ",").append("{\"auditID\":\"").append(UUID.randomUUID())
                    .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}");
        }
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}")
                .when().post("/v1/audit/audit/witnessed").then().statusCode(200);
    }

    private static java.util.Optional<StatusCondition> witnessed(AuditChain chain) {
        return chain == null || chain.getStatus() == null ? java.util.Optional.empty()
                : StatusConditions.find(chain.getStatus().getConditions(), AuditChainConditions.WITNESSED);
    }

    @Test
    void sealsAreCosigned_keptAndListed_thenAForkShownToTheWitnessIsReported() throws Exception {
        // sigsum-witness knows a log by an origin made of its key.
        byte[] seed = new byte[32];
        seed[0] = 42;
        byte[] publicKey = Ed25519PrivateKey.fromSeed("x", seed).verifier().publicKey();
        String origin = "sigsum.org/v1/tree/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(origin, seed);
        witnessDir = Files.createTempDirectory("auditseal-witness-op-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String witnessVkey = script("start", witnessDir.toString(), String.valueOf(port), key.verifier().encode())
                .strip().lines().reduce((a, b) -> b).orElseThrow();
        CosignatureVerifier witnessKey = CosignatureVerifier.parse(witnessVkey);

        for (var secret : Map.of("witnessed-token", Map.of("token", TOKEN), "witnessed-key", Map.of("key", key.encode()))
                .entrySet()) {
            client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName(secret.getKey()).withNamespace(NAMESPACE).withLabels(Map.of(ApiGroup.CHAIN_LABEL, CHAIN))
                    .endMetadata().withStringData(secret.getValue()).build()).create();
        }
        client().resources(AuditChain.class).inNamespace(NAMESPACE).resource(Serialization.unmarshal("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata:
                  name: witnessed
                  namespace: audit
                spec:
                  clusterName: witnessed
                  origin: %s
                  batch: {maxRecords: 10, maxDelay: 1s}
                  storage:
                    directory:
                      path: store-witnessed
                  auth:
                    tokenSecretRef: {name: witnessed-token, key: token}
                  signingKeySecretRef: {name: witnessed-key, key: key}
                  witnesses:
                    - url: http://127.0.0.1:%d
                      vkey: %s
                """.formatted(origin, port, witnessVkey), AuditChain.class)).create();
        // Registered (and served) once the operator has reconciled it.
        await().atMost(WAIT).until(this::chain, c -> c != null && c.getStatus() != null && StatusConditions.find(
                c.getStatus().getConditions(), AuditChainConditions.READY).map(StatusCondition::isTrue).orElse(false));
        post(7);
        await().atMost(WAIT).until(() -> witnessed(chain()).map(StatusCondition::isTrue).orElse(false)
                && seals().stream().mapToLong(s -> s.getSpec().getRecordCount()).sum() == 8);
        // The newest seal's record lists the witness's cosignature once the operator has checked it.
        AuditSeal newest = await().atMost(WAIT).until(() -> seals().get(seals().size() - 1),
                seal -> seal.getStatus() != null && !seal.getStatus().getCosignatures().isEmpty());
        assertEquals(witnessKey.name(), newest.getStatus().getCosignatures().get(0).getWitness());

        DirectoryStore store = new DirectoryStore(config.dataDir().resolve("store-witnessed"));
        ChainReport report = new ChainVerifier(store, CHAIN_ID, key.verifier()).verify(VerifyOptions.defaults()
                .withWitnesses(new WitnessPolicy(List.of(witnessKey), 1, Duration.ofHours(1))));
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));

        // Whoever holds the chain's key extends its newest tree with records the chain never had, and the witness,
        // seeing a consistent extension, cosigns it. The chain's next seal cannot follow that tree: a fork.
        long sequence = newest.getSpec().getSequence();
        SealManifest manifest = ManifestCodec.decode(store.get(SealLayout.chainPrefix(CHAIN_ID)
                + SealLayout.manifestKey(sequence)).orElseThrow().data());
        CompactRange range = CompactRange.of(Rfc6962Hasher.SHA256, 0, manifest.treeSize(),
                manifest.compactRange().stream().map(HexFormat.of()::parseHex).toList());
        AssembledSeal forged = new SealAssembler(CHAIN_ID, key, InstantSource.system()).assemble(
                new ChainHead(sequence + 1, range.copy(), "0".repeat(64)), List.of(new CanonicalRecord(
                        "{\"auditID\":\"forged\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8),
                        Instant.now())));
        Witness witness = new Witness(URI.create("http://127.0.0.1:" + port), witnessKey);
        List<byte[]> proof = forgedProof(range,
                "{\"auditID\":\"forged\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(new WitnessClient().addCheckpoint(witness, new AddCheckpointRequest(manifest.treeSize(), proof,
                forged.manifest().checkpoint())) instanceof io.auditseal.tlog.witness.WitnessResponse.Cosigned);

        post(3);
        AuditChain alarmed = await().atMost(WAIT).until(this::chain, c -> witnessed(c)
                .map(w -> AuditChainConditions.REASON_FORK_DETECTED.equals(w.getReason())).orElse(false));
        assertTrue(witnessed(alarmed).orElseThrow().getMessage().contains(witnessKey.name()),
                witnessed(alarmed).orElseThrow().getMessage());
        await().atMost(WAIT).until(() -> client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .anyMatch(e -> "WitnessForkDetected".equals(e.getReason())));

        client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).delete();
        await().atMost(WAIT).until(() -> chain() == null);
    }

    /**
     * PROOF(n, D[0:n+1]) for the forged tree, one leaf longer than the real one of size n: every node left of n is a
     * node of the real tree's compact range (or a fold of its tail), and the one right of it is the forged leaf.
     */
    private static List<byte[]> forgedProof(CompactRange before, byte[] forgedLeaf) {
        long n = before.end();
        List<io.auditseal.tlog.compact.NodeId> nodes = CompactRange.decompose(0, n);
        Map<io.auditseal.tlog.compact.NodeId, byte[]> hashes = new java.util.HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            hashes.put(nodes.get(i), before.hashes().get(i));
        }
        byte[] leafHash = Rfc6962Hasher.SHA256.hashLeaf(forgedLeaf, 0, forgedLeaf.length);
        return new io.auditseal.tlog.proof.ProofBuilder((begin, end) -> {
            if (begin == n) {
                return leafHash;
            }
            List<io.auditseal.tlog.compact.NodeId> covering = CompactRange.decompose(begin, end);
            byte[] root = hashes.get(covering.get(covering.size() - 1));
            for (int i = covering.size() - 2; i >= 0; i--) {
                root = Rfc6962Hasher.SHA256.hashChildren(hashes.get(covering.get(i)), root);
            }
            return root;
        }).consistency(n, n + 1);
    }
}
