package io.auditseal.operator;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;
import io.auditseal.api.v1alpha1.chain.status.ChainKey;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.format.ChainId;
import io.auditseal.server.ServeConfig;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.verify.ChainKeys;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotating a chain's key through its spec, against the Fabric8 mock API server: the hand-over is sealed once, the
 * chain lists its key history, every AuditSeal (from before the hand-over too) stays verified, a revocation is
 * recorded, and the offline verifier given only the first key follows it all.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = MockApiServer.class)
class KeyRotationOperatorTest {

    private static final String NAMESPACE = "audit";
    private static final String CHAIN = "rotating";
    private static final ChainId CHAIN_ID = new ChainId(NAMESPACE, CHAIN);
    private static final String TOKEN = "rotation-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ServeConfig config;

    private KubernetesClient client() {
        return server.getClient();
    }

    private void secret(String name, String key, String value) {
        client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(NAMESPACE).withLabels(Map.of(ApiGroup.CHAIN_LABEL, CHAIN)).endMetadata()
                .withStringData(Map.of(key, value)).build()).create();
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
                .when().post("/v1/audit/audit/rotating").then().statusCode(200);
    }

    private static boolean verified(AuditSeal seal) {
        return seal.getStatus() != null && Boolean.TRUE.equals(seal.getStatus().getVerified());
    }

    private void patchSpec(String json) {
        client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + json + "}");
    }

    /** Waits until the chain's key history has {@code count} keys and every seal of the chain is verified. */
    private AuditChain awaitKeys(int count) {
        return await().atMost(WAIT).until(this::chain, c -> c.getStatus() != null && c.getStatus().getKeys().size() == count
                && StatusConditions.find(c.getStatus().getConditions(), AuditChainConditions.SEALING)
                .map(StatusCondition::isTrue).orElse(false)
                && seals().stream().allMatch(KeyRotationOperatorTest::verified));
    }

    @Test
    void rotationThenRevocation_areSealed_listed_andVerifiedFromTheFirstKey() throws Exception {
        Ed25519PrivateKey first = Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new SecureRandom());
        Ed25519PrivateKey second = Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new SecureRandom());
        Ed25519PrivateKey third = Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new SecureRandom());
        secret("rotating-token", "token", TOKEN);
        secret("rotating-key-1", "key", first.encode());
        client().resources(AuditChain.class).inNamespace(NAMESPACE).resource(Serialization.unmarshal("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata:
                  name: rotating
                  namespace: audit
                spec:
                  clusterName: rotating
                  batch: {maxRecords: 10, maxDelay: 1s}
                  storage:
                    directory:
                      path: store-rotating
                  auth:
                    tokenSecretRef: {name: rotating-token, key: token}
                  signingKeySecretRef: {name: rotating-key-1, key: key}
                """, AuditChain.class)).create();
        // Registered (and served) once the operator has reconciled it.
        await().atMost(WAIT).until(this::chain, c -> c != null && c.getStatus() != null && StatusConditions.find(
                c.getStatus().getConditions(), AuditChainConditions.READY).map(StatusCondition::isTrue).orElse(false));
        post(5);
        AuditChain one = awaitKeys(1);
        assertEquals(first.verifier().encode(), one.getStatus().getPublicKey());
        await().atMost(WAIT).until(() -> seals().stream().mapToLong(s -> s.getSpec().getRecordCount()).sum() >= 6);

        // Rotate: the new key in its own Secret, the old one named as the previous key.
        secret("rotating-key-2", "key", second.encode());
        patchSpec("{\"signingKeySecretRef\":{\"name\":\"rotating-key-2\",\"key\":\"key\"},"
                + "\"keyRotation\":{\"previousSigningKeySecretRef\":{\"name\":\"rotating-key-1\",\"key\":\"key\"}}}");
        AuditChain two = awaitKeys(2);
        post(4);
        List<ChainKey> keys = two.getStatus().getKeys();
        assertEquals(first.verifier().encode(), keys.get(0).getPublicKey());
        assertEquals(second.verifier().encode(), keys.get(1).getPublicKey());
        assertEquals(keys.get(0).getLastTreeSize(), keys.get(1).getFirstTreeSize(), "the hand-over is signed by both");
        assertEquals(second.verifier().encode(), two.getStatus().getPublicKey());
        List<AuditSeal> handovers = seals().stream().filter(s -> s.getSpec().getKeyHandover() != null).toList();
        assertEquals(1, handovers.size(), "one hand-over, however often the chain is reconciled");
        assertEquals(1, handovers.get(0).getSpec().getRecordCount());

        // Revoke the second key (compromised) while handing over to a third, from a size before the hand-over.
        secret("rotating-key-3", "key", third.encode());
        long revokedFrom = keys.get(1).getFirstTreeSize();
        patchSpec("{\"signingKeySecretRef\":{\"name\":\"rotating-key-3\",\"key\":\"key\"},\"keyRotation\":{"
                + "\"previousSigningKeySecretRef\":{\"name\":\"rotating-key-2\",\"key\":\"key\"},"
                + "\"revokedFromTreeSize\":" + revokedFrom + "}}");
        AuditChain three = awaitKeys(3);
        assertEquals(revokedFrom, three.getStatus().getKeys().get(1).getRevokedFromTreeSize());
        post(3);
        // 12 events, a ChainConfigChange record per generation (3) and the two hand-overs.
        await().atMost(WAIT).until(() -> seals().stream().allMatch(KeyRotationOperatorTest::verified)
                && seals().stream().mapToLong(s -> s.getSpec().getRecordCount()).sum() == 17);

        ChainReport report = new ChainVerifier(new DirectoryStore(config.dataDir().resolve("store-rotating")), CHAIN_ID,
                first.verifier()).verify(VerifyOptions.defaults());
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(List.of(first.verifier().encode(), second.verifier().encode(), third.verifier().encode()),
                report.keys().stream().map(ChainKeys.Period::key).toList());
        assertEquals(Optional.of(revokedFrom), report.keys().get(1).revokedFromTreeSize().stream().boxed().findFirst());

        client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).delete();
        await().atMost(WAIT).until(() -> chain() == null);
    }
}
