package io.auditseal.operator;

import io.auditseal.api.v1alpha1.StatusCondition;
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
import io.auditseal.tlog.compact.NodeId;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.proof.ProofBuilder;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import io.auditseal.tlog.witness.AddCheckpointRequest;
import io.auditseal.tlog.witness.WitnessResponse;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import io.auditseal.verify.WitnessPolicy;
import io.auditseal.witness.SigsumWitness;
import io.auditseal.witness.Witness;
import io.auditseal.witness.WitnessClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.auditseal.operator.ChainUnderTest.WAIT;
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

    private static final ChainId CHAIN_ID = new ChainId("audit", "witnessed");

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ServeConfig config;

    private static Optional<StatusCondition> witnessed(AuditChain chain) {
        return ChainUnderTest.condition(chain, AuditChainConditions.WITNESSED);
    }

    @Test
    void sealsAreCosigned_keptAndListed_thenAForkShownToTheWitnessIsReported() throws Exception {
        // sigsum-witness knows a log by an origin made of its key.
        byte[] seed = new byte[32];
        seed[0] = 42;
        byte[] publicKey = Ed25519PrivateKey.fromSeed("x", seed).verifier().publicKey();
        String origin = "sigsum.org/v1/tree/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(origin, seed);
        try (SigsumWitness sigsum = SigsumWitness.start(key.verifier())) {
            Witness witness = sigsum.witness();
            ChainUnderTest chain = new ChainUnderTest(server.getClient(), "audit", "witnessed", "witness-test-token");
            chain.secret("witnessed-token", "token", "witness-test-token");
            chain.secret("witnessed-key", "key", key.encode());
            chain.create("""
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
                        - url: %s
                          vkey: %s
                    """.formatted(origin, witness.submissionPrefix(), witness.key().encode()));
            chain.post(7);
            await().atMost(WAIT).until(() -> witnessed(chain.get()).map(StatusCondition::isTrue).orElse(false)
                    && chain.sealedRecords() == 8);
            // The newest seal's record lists the witness's cosignature once the operator has checked it.
            AuditSeal newest = await().atMost(WAIT).until(() -> chain.seals().get(chain.seals().size() - 1),
                    seal -> seal.getStatus() != null && !seal.getStatus().getCosignatures().isEmpty());
            assertEquals(witness.name(), newest.getStatus().getCosignatures().get(0).getWitness());

            DirectoryStore store = new DirectoryStore(config.dataDir().resolve("store-witnessed"));
            ChainReport report = new ChainVerifier(store, CHAIN_ID, key.verifier()).verify(VerifyOptions.defaults()
                    .withWitnesses(new WitnessPolicy(List.of(witness.key()), 1, Duration.ofHours(1))));
            assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));

            // Whoever holds the chain's key extends its newest tree with a record the chain never had, and the
            // witness, seeing a consistent extension, cosigns it. The chain's next seal cannot follow that tree.
            long sequence = newest.getSpec().getSequence();
            SealManifest manifest = ManifestCodec.decode(store.get(SealLayout.chainPrefix(CHAIN_ID)
                    + SealLayout.manifestKey(sequence)).orElseThrow().data());
            CompactRange range = CompactRange.of(Rfc6962Hasher.SHA256, 0, manifest.treeSize(),
                    manifest.compactRange().stream().map(HexFormat.of()::parseHex).toList());
            byte[] forgedRecord = "{\"auditID\":\"forged\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8);
            AssembledSeal forged = new SealAssembler(CHAIN_ID, key, InstantSource.system()).assemble(
                    new ChainHead(sequence + 1, range.copy(), "0".repeat(64)),
                    List.of(new CanonicalRecord(forgedRecord, Instant.now())));
            assertTrue(new WitnessClient().addCheckpoint(witness, new AddCheckpointRequest(manifest.treeSize(),
                    forgedProof(range, forgedRecord), forged.manifest().checkpoint())) instanceof WitnessResponse.Cosigned);

            chain.post(3);
            AuditChain alarmed = await().atMost(WAIT).until(chain::get, c -> witnessed(c)
                    .map(w -> AuditChainConditions.REASON_FORK_DETECTED.equals(w.getReason())).orElse(false));
            assertTrue(witnessed(alarmed).orElseThrow().getMessage().contains(witness.name()),
                    witnessed(alarmed).orElseThrow().getMessage());
            await().atMost(WAIT).until(() -> server.getClient().v1().events().inNamespace("audit").list().getItems()
                    .stream().anyMatch(e -> "WitnessForkDetected".equals(e.getReason())));
            chain.delete();
        }
    }

    /**
     * PROOF(n, D[0:n+1]) for the forged tree, one leaf longer than the real one of size n: every node left of n is a
     * node of the real tree's compact range (or a fold of its tail), and the one right of it is the forged leaf.
     */
    private static List<byte[]> forgedProof(CompactRange before, byte[] forgedLeaf) {
        long n = before.end();
        List<NodeId> nodes = CompactRange.decompose(0, n);
        Map<NodeId, byte[]> hashes = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            hashes.put(nodes.get(i), before.hashes().get(i));
        }
        byte[] leafHash = Rfc6962Hasher.SHA256.hashLeaf(forgedLeaf, 0, forgedLeaf.length);
        return new ProofBuilder((begin, end) -> {
            if (begin == n) {
                return leafHash;
            }
            List<NodeId> covering = CompactRange.decompose(begin, end);
            byte[] root = hashes.get(covering.get(covering.size() - 1));
            for (int i = covering.size() - 2; i >= 0; i--) {
                root = Rfc6962Hasher.SHA256.hashChildren(hashes.get(covering.get(i)), root);
            }
            return root;
        }).consistency(n, n + 1);
    }
}
