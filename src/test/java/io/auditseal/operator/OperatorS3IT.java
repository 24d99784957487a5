package io.auditseal.operator;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.AuditSealConditions;
import io.auditseal.operator.controller.AuditSeals;
import io.auditseal.store.s3.TestS3;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator with a chain on the real radosgw S3 server (started by the build, scripts/radosgw.sh): seals are
 * recorded with their bucket, version IDs and Object Lock retention, verify and show Locked=True; a new version
 * written over a sealed object (possible in a versioned bucket, whatever the lock) is caught as Rewritten and
 * DigestMismatch, with Warning Events.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = MockApiServer.class)
class OperatorS3IT {

    private static final String BUCKET = TestS3.uniqueName("auditseal-operator-");
    private static final String NAMESPACE = "audit-s3";
    private static final String CHAIN = "prod-west";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static MinioClient admin;

    @KubernetesTestServer
    KubernetesServer server;

    @BeforeAll
    static void bucket() throws Exception {
        admin = TestS3.admin();
        TestS3.createLockedBucket(admin, BUCKET);
    }

    @AfterAll
    static void close() throws Exception {
        admin.close();
    }

    @Test
    void s3Chain_sealsLockedAndVerified_thenRewrittenObjectIsCaught() throws Exception {
        KubernetesClient client = server.getClient();
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("s3")
                .withNamespace(NAMESPACE).withLabels(Map.of("auditseal.io/chain", "prod-west")).endMetadata().withStringData(Map.of("token", "s3-chain-token",
                        "accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY)).build()).create();
        client.resources(AuditChain.class).inNamespace(NAMESPACE).resource(Serialization.unmarshal("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata: {name: prod-west, namespace: audit-s3}
                spec:
                  clusterName: prod-west
                  batch: {maxRecords: 10, maxDelay: 1s}
                  retention: {mode: GOVERNANCE, days: 1}
                  storage:
                    s3:
                      endpoint: %s
                      region: us-east-1
                      bucket: %s
                      pathStyle: true
                      credentialsSecretRef: {name: s3, accessKeyIdKey: accessKeyId, secretAccessKeyKey: secretAccessKey}
                  auth:
                    tokenSecretRef: {name: s3, key: token}
                """.formatted(TestS3.ENDPOINT, BUCKET), AuditChain.class)).create();

        AuditChain ready = await().atMost(WAIT).until(() -> chain(client), c -> condition(c, AuditChainConditions.READY)
                .map(StatusCondition::isTrue).orElse(false));
        String storage = condition(ready, AuditChainConditions.STORAGE_READY).orElseThrow().getMessage();
        assertTrue(storage.contains("Object Lock enabled") && storage.contains("versioning enabled"), storage);

        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            items.append(i == 0 ? "" : ",").append("{\"auditID\":\"").append(UUID.randomUUID())
                    .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"delete\"}");
        }
        given().header("Authorization", "Bearer s3-chain-token").contentType(ContentType.JSON)
                .body("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}")
                .when().post("/v1/audit/audit-s3/prod-west").then().statusCode(200);

        // 15 events and the ChainConfigChange record.
        List<AuditSeal> seals = await().atMost(WAIT).until(() -> seals(client), all -> all.stream()
                .mapToLong(s -> s.getSpec().getRecordCount()).sum() == 16 && all.stream().allMatch(s ->
                        s.getStatus() != null && Boolean.TRUE.equals(s.getStatus().getVerified())));
        AuditSeal first = seals.get(0);
        assertEquals(BUCKET, first.getSpec().getStorage().getBucket());
        assertEquals("audit-s3/prod-west/seals/00000000000000000000/events.jsonl.gz", first.getSpec().getStorage().getEventsKey());
        assertNotNull(first.getSpec().getStorage().getEventsVersionId());
        assertNotNull(first.getSpec().getStorage().getManifestVersionId());
        assertEquals("GOVERNANCE", first.getSpec().getRetention().getMode());
        assertTrue(Instant.parse(first.getSpec().getRetention().getRetainUntil()).isAfter(Instant.now().plus(Duration.ofHours(23))));
        for (AuditSeal seal : seals) {
            assertEquals(StatusCondition.TRUE, sealCondition(seal, AuditSealConditions.LOCKED).getStatus(),
                    sealCondition(seal, AuditSealConditions.LOCKED).getMessage());
        }

        // Raising the chain's retention applies to new seals; the ones written stay judged by the lock they got.
        // A merge patch without resourceVersion: edit() locks on the version it read, and the operator's own status
        // writes in between made it fail with 409 now and then.
        client.resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"retention\":{\"days\":30}}}");
        AuditSeal second = seals.get(1);
        String before = second.getStatus().getLastFullVerification();
        client.resources(AuditSeal.class).inNamespace(NAMESPACE).withName(second.getMetadata().getName()).edit(seal -> {
            seal.getMetadata().getAnnotations().put(AuditSeals.REVERIFY_ANNOTATION, "true");
            return seal;
        });
        AuditSeal rechecked = await().atMost(WAIT).until(() -> client.resources(AuditSeal.class).inNamespace(NAMESPACE)
                .withName(second.getMetadata().getName()).get(), s -> !before.equals(s.getStatus().getLastFullVerification()));
        assertEquals(StatusCondition.TRUE, sealCondition(rechecked, AuditSealConditions.LOCKED).getStatus(),
                sealCondition(rechecked, AuditSealConditions.LOCKED).getMessage());

        // An insider writes a new version over the sealed events object; the lock keeps the old one, not the key.
        byte[] forged = "forged".getBytes();
        admin.putObject(PutObjectArgs.builder().bucket(BUCKET).object(first.getSpec().getStorage().getEventsKey())
                .data(forged, forged.length).build());
        first.getMetadata().getAnnotations().put(AuditSeals.REVERIFY_ANNOTATION, "true");
        client.resources(AuditSeal.class).inNamespace(NAMESPACE).resource(first).update();

        AuditSeal caught = await().atMost(WAIT).until(() -> client.resources(AuditSeal.class).inNamespace(NAMESPACE)
                .withName(first.getMetadata().getName()).get(), s -> Boolean.FALSE.equals(s.getStatus().getVerified()));
        assertEquals(AuditSealConditions.REASON_DIGEST_MISMATCH, sealCondition(caught, AuditSealConditions.VERIFIED).getReason());
        StatusCondition locked = sealCondition(caught, AuditSealConditions.LOCKED);
        assertEquals(StatusCondition.FALSE, locked.getStatus());
        assertEquals(AuditSealConditions.REASON_REWRITTEN, locked.getReason());
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(NAMESPACE).list().getItems(), events ->
                events.stream().anyMatch(e -> e.getInvolvedObject().getName().equals(CHAIN)
                        && AuditSealConditions.REASON_REWRITTEN.equals(e.getReason())));
    }

    private static AuditChain chain(KubernetesClient client) {
        return client.resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).get();
    }

    private static List<AuditSeal> seals(KubernetesClient client) {
        return client.resources(AuditSeal.class).inNamespace(NAMESPACE).withLabel(ApiGroup.CHAIN_LABEL, CHAIN).list()
                .getItems().stream().sorted(java.util.Comparator.comparing(s -> s.getSpec().getSequence())).toList();
    }

    private static java.util.Optional<StatusCondition> condition(AuditChain chain, String type) {
        return chain == null || chain.getStatus() == null ? java.util.Optional.empty()
                : StatusConditions.find(chain.getStatus().getConditions(), type);
    }

    private static StatusCondition sealCondition(AuditSeal seal, String type) {
        return StatusConditions.find(seal.getStatus().getConditions(), type).orElseThrow();
    }
}
