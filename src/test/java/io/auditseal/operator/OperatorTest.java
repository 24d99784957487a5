package io.auditseal.operator;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.AuditSealConditions;
import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.hsm.Pkcs11Keygen;
import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.hsm.SoftHsm;
import io.auditseal.operator.controller.AuditSeals;
import io.auditseal.server.ServeConfig;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import io.fabric8.kubernetes.api.model.Event;
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
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator against the Fabric8 mock API server (CRUD mode): an AuditChain becomes Ready, posted events become
 * verified AuditSeal resources, spec changes are sealed as ChainConfigChange records, a deleted AuditSeal comes back
 * annotated, and a tampered seal turns Verified=False with an Event. The tests build on each other, in order.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = MockApiServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorTest {

    private static final Logger LOG = Logger.getLogger(OperatorTest.class);
    private static final String NAMESPACE = "audit";
    private static final String CHAIN = "prod-east";
    private static final ChainId CHAIN_ID = new ChainId(NAMESPACE, CHAIN);
    private static final String TOKEN = "operator-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ServeConfig config;

    @Inject
    io.auditseal.journal.Journal journal;

    private KubernetesClient client() {
        return server.getClient();
    }

    @AfterEach
    void logStateOnFailure(TestInfo test) {
        AuditChain chain = client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).get();
        LOG.infof("after %s: AuditChain %s", test.getDisplayName(), chain == null ? "absent" : Serialization.asYaml(chain.getStatus()));
    }

    @Test
    @Order(1)
    void auditChain_becomesReady_withKeyPathsAndStorageFindings() {
        // Not labelled for AuditSeal: not read, whoever names it in an AuditChain.
        client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("prod-east-token")
                .withNamespace(NAMESPACE).endMetadata().withStringData(Map.of("token", TOKEN)).build()).create();
        client().resources(AuditChain.class).inNamespace(NAMESPACE).resource(chain("1s")).create();
        AuditChain refused = await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.READY)
                .map(r -> AuditChainConditions.REASON_INVALID_SPEC.equals(r.getReason())).orElse(false));
        assertTrue(condition(refused, AuditChainConditions.READY).orElseThrow().getMessage()
                .contains("Secret audit/prod-east-token is not given to AuditSeal"), refused.getStatus().getConditions().toString());
        client().secrets().inNamespace(NAMESPACE).withName("prod-east-token").edit(secret -> {
            secret.getMetadata().setLabels(Map.of(ApiGroup.CHAIN_LABEL, CHAIN));
            return secret;
        });

        AuditChain ready = await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.READY)
                .map(StatusCondition::isTrue).orElse(false));
        assertEquals("/v1/audit/audit/prod-east", ready.getStatus().getWebhookPaths().getAudit());
        assertEquals("/v1/admission/audit/prod-east", ready.getStatus().getWebhookPaths().getAdmission());
        assertEquals(1L, ready.getStatus().getObservedGeneration());
        assertTrue(ready.getStatus().getPublicKey().startsWith("auditseal/audit/prod-east+"), ready.getStatus().getPublicKey());
        assertTrue(condition(ready, AuditChainConditions.STORAGE_READY).orElseThrow().getMessage().contains("NOT tamper-proof"));
        var keySecret = client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").get();
        assertNotNull(keySecret, "the operator generates the signing key into a Secret");
        assertNull(keySecret.getMetadata().getOwnerReferences() == null || keySecret.getMetadata().getOwnerReferences().isEmpty()
                ? null : keySecret.getMetadata().getOwnerReferences(), "the key must outlive its chain");
    }

    @Test
    @Order(2)
    void postedEvents_becomeVerifiedAuditSeals_withPrinterColumnFields() throws Exception {
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(eventList(1))
                .when().post("/v1/audit/audit/prod-east").then().statusCode(403);
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body(eventList(25))
                .when().post("/v1/audit/audit/prod-east").then().statusCode(200);

        // 25 events plus the chain's first ChainConfigChange record.
        List<AuditSeal> seals = await().atMost(WAIT).until(this::seals, all -> all.stream()
                .mapToLong(s -> s.getSpec().getRecordCount()).sum() == 26 && all.stream().allMatch(this::verified));
        for (int i = 0; i < seals.size(); i++) {
            AuditSeal seal = seals.get(i);
            assertEquals(AuditSeal.nameOf(CHAIN, i), seal.getMetadata().getName());
            assertEquals(CHAIN, seal.getMetadata().getLabels().get(ApiGroup.CHAIN_LABEL));
            assertEquals(i, seal.getSpec().getSequence());
            assertEquals(64, seal.getSpec().getRootHash().length());
            assertEquals(i == 0 ? null : AuditSeal.nameOf(CHAIN, i - 1), seal.getSpec().getPreviousSeal());
            assertTrue(seal.getStatus().getVerified());
            assertNotNull(seal.getStatus().getLastFullVerification());
            assertEquals(StatusCondition.FALSE, sealCondition(seal, AuditSealConditions.LOCKED).getStatus(),
                    "a directory cannot lock");
            assertEquals(StatusCondition.TRUE, sealCondition(seal, AuditSealConditions.CHAIN_LINKED).getStatus());
        }
        AuditSeal last = seals.get(seals.size() - 1);
        assertEquals(26L, last.getSpec().getTreeSize());
        LOG.infof("AuditSeal JSON bytes (docs/OPERATOR.md, etcd budget): %d", Serialization.asJson(last).length());
        AuditChain chain = await().atMost(WAIT).until(this::chain, c -> Long.valueOf(26).equals(c.getStatus().getTreeSize())
                && c.getStatus().getLastSeal() != null && last.getMetadata().getName().equals(c.getStatus().getLastSeal().getName()));
        assertEquals(seals.size(), chain.getStatus().getSealCount().intValue());
        assertEquals(last.getSpec().getRootHash(), chain.getStatus().getLastSeal().getRootHash());

        ChainReport report = new ChainVerifier(store(), CHAIN_ID, verifier(chain)).verify(VerifyOptions.defaults());
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(26, report.records());
    }

    @Test
    @Order(3)
    void specChange_isSealedAsChainConfigChange() throws Exception {
        AuditChain current = patchSpec("{\"batch\":{\"maxDelay\":\"2s\"}}");

        NoteVerifier verifier = verifier(current);
        List<String> changes = await().atMost(WAIT).until(() -> records("ChainConfigChange", verifier), found -> found.size() == 2);
        assertTrue(changes.get(0).contains("\"generation\":1"), changes.get(0));
        assertTrue(changes.get(1).contains("\"generation\":2") && changes.get(1).contains("\"maxDelay\":\"2s\""), changes.get(1));

        // An edit that is invalid when made (its Secret does not exist yet) takes effect when the Secret appears: it
        // is recorded then, not skipped because its generation was already observed.
        patchSpec("{\"auth\":{\"tokenSecretRef\":{\"name\":\"prod-east-token-2\",\"key\":\"token\"}}}");
        await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.READY)
                .map(r -> AuditChainConditions.REASON_INVALID_SPEC.equals(r.getReason())).orElse(false)
                && Long.valueOf(3).equals(c.getStatus().getObservedGeneration()));
        assertEquals(2, records("ChainConfigChange", verifier).size(), "an invalid spec takes no effect, and is not recorded");
        client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("prod-east-token-2")
                .withNamespace(NAMESPACE).withLabels(Map.of(ApiGroup.CHAIN_LABEL, CHAIN)).endMetadata().withStringData(Map.of("token", TOKEN)).build()).create();
        List<String> afterFix = await().atMost(WAIT).until(() -> records("ChainConfigChange", verifier), found -> found.size() == 3);
        assertTrue(afterFix.get(2).contains("\"generation\":3") && afterFix.get(2).contains("prod-east-token-2"), afterFix.get(2));
        // Back to the first Secret, for the tests that follow.
        patchSpec("{\"auth\":{\"tokenSecretRef\":{\"name\":\"prod-east-token\",\"key\":\"token\"}}}");
        await().atMost(WAIT).until(() -> records("ChainConfigChange", verifier), found -> found.size() == 4);
    }

    @Test
    @Order(4)
    void deletedAuditSeal_isRestoredFromStorage_andAnnotated() {
        String name = AuditSeal.nameOf(CHAIN, 1);
        AuditSeal original = client().resources(AuditSeal.class).inNamespace(NAMESPACE).withName(name).get();
        client().resources(AuditSeal.class).inNamespace(NAMESPACE).withName(name).delete();

        AuditSeal restored = await().atMost(WAIT).until(
                () -> client().resources(AuditSeal.class).inNamespace(NAMESPACE).withName(name).get(),
                seal -> seal != null && seal.getMetadata().getAnnotations() != null
                        && seal.getMetadata().getAnnotations().containsKey(AuditSeals.RESTORED_ANNOTATION)
                        && verified(seal));
        assertEquals(original.getSpec(), restored.getSpec(), "restored from storage exactly as first recorded");
        await().atMost(WAIT).until(() -> events(CHAIN), events -> events.stream()
                .anyMatch(e -> "SealRecordRestored".equals(e.getReason()) && e.getMessage().contains(name)));
    }

    @Test
    @Order(5)
    void sealRecordsOverMaxCount_arePruned_andThePruneIsSealedInTheChain() throws Exception {
        List<AuditSeal> before = await().atMost(WAIT).until(this::seals, all -> all.size() >= 4 && all.stream().allMatch(this::verified));
        patchSpec("{\"sealRecords\":{\"maxCount\":2}}");

        // Over maxCount plus a slack of one, the oldest go down to maxCount; the prune's own record adds one seal.
        AuditChain pruned = await().atMost(WAIT).until(this::chain, c -> c.getStatus().getOldestRetainedSeal() != null);
        long oldest = pruned.getStatus().getOldestRetainedSeal();
        assertTrue(oldest >= before.size() - 2, "oldest retained " + oldest + " of " + before.size());
        List<AuditSeal> kept = seals();
        assertTrue(kept.stream().allMatch(s -> s.getSpec().getSequence() >= oldest), "pruned records are gone");
        assertTrue(kept.size() <= 3, "kept " + kept.size());
        assertEquals(before.get((int) oldest - 1).getSpec().getCheckpoint(), pruned.getStatus().getCheckpointBeforeOldest());

        List<String> prunes = await().atMost(WAIT).until(() -> records("SealRecordsPruned", verifier(pruned)), r -> !r.isEmpty());
        assertTrue(prunes.get(0).contains("\"fromSequence\":0") && prunes.get(0).contains("\"toSequence\":" + (oldest - 1)),
                prunes.get(0));
        // The pruned records stay pruned: not "restored" as missing.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(this::seals,
                all -> all.stream().allMatch(s -> s.getSpec().getSequence() >= oldest));
    }

    @Test
    @Order(6)
    void builtInRedactionOff_warns_andStillKeepsTheSinksKeyMaterialOut() throws Exception {
        patchSpec("{\"redaction\":{\"builtIn\":false}}");
        AuditChain off = await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.SECRETS_REDACTED)
                .map(r -> AuditChainConditions.REASON_BUILT_IN_RULES_OFF.equals(r.getReason())).orElse(false));
        assertEquals(StatusCondition.FALSE, condition(off, AuditChainConditions.SECRETS_REDACTED).orElseThrow().getStatus());
        await().atMost(WAIT).until(() -> events(CHAIN).stream().anyMatch(e -> "Warning".equals(e.getType())
                && "BuiltInRedactionOff".equals(e.getReason())));

        // A Secret of another namespace is sealed as sent; the chain's own namespace holds its keys: still redacted.
        String marker = "redaction-off-" + UUID.randomUUID();
        String secretEvent = "{\"auditID\":\"" + marker + "-%s\",\"stage\":\"ResponseComplete\",\"verb\":\"get\","
                + "\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"%s\",\"name\":\"s\",\"apiVersion\":\"v1\"},"
                + "\"responseObject\":{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"%s\"}}}";
        String batch = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + secretEvent.formatted("apps", "apps", "YXBwcy12YWx1ZQ==") + ","
                + secretEvent.formatted("own", NAMESPACE, "c2lnbmluZy1rZXk=") + "]}";
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body(batch)
                .when().post("/v1/audit/audit/prod-east").then().statusCode(200);
        NoteVerifier verifier = verifier(off);
        List<String> sealed = await().atMost(WAIT).until(() -> recordsContaining(marker, verifier), found -> found.size() == 2);
        assertTrue(sealed.stream().anyMatch(r -> r.contains("YXBwcy12YWx1ZQ==")), "another namespace's Secret, as sent");
        assertTrue(sealed.stream().noneMatch(r -> r.contains("c2lnbmluZy1rZXk=")), "the chain's namespace, redacted: " + sealed);

        patchSpec("{\"redaction\":null}");
        await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.SECRETS_REDACTED)
                .map(StatusCondition::isTrue).orElse(false));
    }

    @Test
    @Order(7)
    void tamperedEventsObject_flipsVerifiedFalse_withReasonAndEvent() throws Exception {
        long newest = seals().get(seals().size() - 1).getSpec().getSequence();
        String name = AuditSeal.nameOf(CHAIN, newest);
        Path events = config.dataDir().resolve("store-op").resolve(SealLayout.objectKey(CHAIN_ID, SealLayout.eventsKey(newest)));
        Files.setPosixFilePermissions(events, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] data = Files.readAllBytes(events);
        data[data.length / 2] ^= 0x01;
        Files.write(events, data);

        AuditSeal seal = client().resources(AuditSeal.class).inNamespace(NAMESPACE).withName(name).get();
        seal.getMetadata().getAnnotations().put(AuditSeals.REVERIFY_ANNOTATION, "true");
        client().resources(AuditSeal.class).inNamespace(NAMESPACE).resource(seal).update();

        AuditSeal failed = await().atMost(WAIT).until(
                () -> client().resources(AuditSeal.class).inNamespace(NAMESPACE).withName(name).get(),
                s -> Boolean.FALSE.equals(s.getStatus().getVerified()));
        StatusCondition verified = sealCondition(failed, AuditSealConditions.VERIFIED);
        assertEquals(StatusCondition.FALSE, verified.getStatus());
        assertEquals(AuditSealConditions.REASON_DIGEST_MISMATCH, verified.getReason());
        assertFalse(failed.getMetadata().getAnnotations().containsKey(AuditSeals.REVERIFY_ANNOTATION),
                "the reverify annotation is consumed");
        await().atMost(WAIT).until(() -> events(name), found -> found.stream().anyMatch(e ->
                "Warning".equals(e.getType()) && AuditSealConditions.REASON_DIGEST_MISMATCH.equals(e.getReason())));
        AuditChain chain = await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.CHAIN_INTACT)
                .map(cond -> StatusCondition.FALSE.equals(cond.getStatus())).orElse(false));
        assertTrue(condition(chain, AuditChainConditions.CHAIN_INTACT).orElseThrow().getMessage().contains(name));
        assertEquals(StatusCondition.FALSE, condition(chain, AuditChainConditions.READY).orElseThrow().getStatus());
    }

    @Test
    @Order(8)
    void rotatedToken_takesEffectWithoutRestart_andADeletedChainStopsAccepting() throws Exception {
        client().secrets().inNamespace(NAMESPACE).withName("prod-east-token").edit(secret -> {
            secret.setData(null);
            secret.setStringData(Map.of("token", "rotated-token"));
            return secret;
        });
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", "Bearer rotated-token")
                .contentType(ContentType.JSON).body(eventList(1)).when().post("/v1/audit/audit/prod-east")
                .then().statusCode(200));
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body(eventList(1))
                .when().post("/v1/audit/audit/prod-east").then().statusCode(403);

        // A deleted signing key Secret is never silently replaced by a new key.
        String publicKey = chain().getStatus().getPublicKey();
        var keySecret = client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").get();
        client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").delete();
        // A reconcile already past the key lookup when the Secret went may first report the Secret as unreadable;
        // the settled answer is the one that tells the operator what to do.
        await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.READY)
                .map(r -> AuditChainConditions.REASON_INVALID_SPEC.equals(r.getReason())
                        && r.getMessage().contains("Restore the Secret")).orElse(false));
        assertNull(client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").get(), "no new key");
        keySecret.getMetadata().setResourceVersion(null);
        keySecret.getMetadata().setUid(null);
        client().secrets().inNamespace(NAMESPACE).resource(keySecret).create();
        await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.READY)
                .map(r -> !AuditChainConditions.REASON_INVALID_SPEC.equals(r.getReason())).orElse(false)
                && publicKey.equals(c.getStatus().getPublicKey()));

        // A key Secret replaced by another key: the sealer will not extend the stored chain with it, and the
        // published key stays the one the seals verify with.
        String otherKey = io.auditseal.tlog.note.Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new java.security.SecureRandom())
                .encode();
        client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").edit(secret -> {
            secret.setData(null);
            secret.setStringData(Map.of("signing.key", otherKey));
            return secret;
        });
        AuditChain replaced = await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.SEALING)
                .map(r -> r.getMessage().contains("is not signed by the chain's signing key")).orElse(false));
        assertEquals(publicKey, replaced.getStatus().getPublicKey());
        assertEquals(StatusCondition.FALSE, condition(replaced, AuditChainConditions.READY).orElseThrow().getStatus());
        // Nothing is acknowledged that the chain cannot seal: the apiserver gets a retryable answer and a reason.
        await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.ACCEPTING)
                .map(r -> AuditChainConditions.REASON_SEALING_HALTED.equals(r.getReason())).orElse(false));
        given().header("Authorization", "Bearer rotated-token").contentType(ContentType.JSON).body(eventList(1))
                .when().post("/v1/audit/audit/prod-east")
                .then().statusCode(503).body("reason", org.hamcrest.Matchers.equalTo("SEALING_HALTED"))
                .body("message", org.hamcrest.Matchers.containsString("is not signed by the chain's signing key"));
        client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").edit(secret -> {
            // As the operator wrote it (the mock server keeps stringData as given).
            secret.setData(keySecret.getData());
            secret.setStringData(keySecret.getStringData());
            return secret;
        });
        await().atMost(WAIT).until(this::chain, c -> condition(c, AuditChainConditions.SEALING)
                .map(StatusCondition::isTrue).orElse(false) && publicKey.equals(c.getStatus().getPublicKey())
                && condition(c, AuditChainConditions.ACCEPTING).map(StatusCondition::isTrue).orElse(false));

        // Records acknowledged just before the chain is deleted are sealed before it goes, not left in the journal:
        // with an hour's batch delay nothing would seal them otherwise.
        patchSpec("{\"batch\":{\"maxDelay\":\"1h\"}}");
        await().atMost(WAIT).until(() -> chain().getStatus().getObservedGeneration(), g -> g != null && g == chain().getMetadata().getGeneration());
        int sealsBefore = seals().size();
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", "Bearer rotated-token")
                .contentType(ContentType.JSON).body(eventList(3)).when().post("/v1/audit/audit/prod-east")
                .then().statusCode(200));
        assertTrue(journal.pendingRecords(CHAIN_ID) >= 3, "records wait for their batch");
        client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).delete();
        await().atMost(WAIT).until(() -> client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).get() == null);
        assertEquals(0, journal.pendingRecords(CHAIN_ID), "every acknowledged record sealed before the chain went");
        assertTrue(seals().size() > sealsBefore, "the last records got a seal of their own");
        given().header("Authorization", "Bearer rotated-token")
                .contentType(ContentType.JSON).body(eventList(1)).when().post("/v1/audit/audit/prod-east")
                .then().statusCode(404);
        assertFalse(seals().isEmpty(), "deleting the chain keeps its AuditSeal records");
        assertNotNull(client().secrets().inNamespace(NAMESPACE).withName("prod-east-signing-key").get(),
                "and its signing key");
    }

    @Test
    @Order(9)
    void pkcs11Signer_sealsWithTheTokensKey_andTheOperatorGeneratesNoKey() throws Exception {
        String name = "hsm-east";
        ChainId id = new ChainId(NAMESPACE, name);
        SoftHsm.Token token = SoftHsm.newToken();
        String vkey;
        try (Pkcs11Signer signer = Pkcs11Keygen.generate(token.config("hsm-east-checkpoints"), id.defaultOrigin())) {
            vkey = signer.verifier().encode();
        }
        for (var secret : List.of(Map.of("name", "hsm-east-token", "key", "token", "value", TOKEN),
                Map.of("name", "hsm-east-pin", "key", "pin", "value", SoftHsm.PIN + "\n"))) {
            client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName(secret.get("name")).withNamespace(NAMESPACE).withLabels(Map.of(ApiGroup.CHAIN_LABEL, name))
                    .endMetadata().withStringData(Map.of(secret.get("key"), secret.get("value"))).build()).create();
        }
        AuditChain chain = Serialization.unmarshal("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata:
                  name: hsm-east
                  namespace: audit
                spec:
                  clusterName: hsm-east
                  batch: {maxRecords: 10, maxDelay: 1s}
                  storage:
                    directory:
                      path: store-hsm
                  auth:
                    tokenSecretRef: {name: hsm-east-token, key: token}
                  signingKeySecretRef: {name: hsm-east-token, key: token}
                  signer:
                    pkcs11:
                      library: %s
                      tokenLabel: %s
                      keyLabel: hsm-east-checkpoints
                      pinSecretRef: {name: hsm-east-pin, key: pin}
                """.formatted(SoftHsm.LIBRARY, token.label()), AuditChain.class);
        var chains = client().resources(AuditChain.class).inNamespace(NAMESPACE);
        chains.resource(chain).create();
        // Both ways of naming a key: refused like any invalid spec (the API server's CEL rule refuses it earlier).
        await().atMost(WAIT).until(() -> chains.withName(name).get(), c -> condition(c, AuditChainConditions.READY)
                .map(r -> AuditChainConditions.REASON_INVALID_SPEC.equals(r.getReason())
                        && r.getMessage().contains("spec.signingKeySecretRef and spec.signer are mutually exclusive"))
                .orElse(false));

        chains.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"signingKeySecretRef\":null}}");
        AuditChain ready = await().atMost(WAIT).until(() -> chains.withName(name).get(), c -> condition(c,
                AuditChainConditions.READY).map(StatusCondition::isTrue).orElse(false));
        assertEquals(vkey, ready.getStatus().getPublicKey(), "the chain publishes the token's key");
        assertNull(client().secrets().inNamespace(NAMESPACE).withName(name + "-signing-key").get(),
                "a chain with a signer gets no generated key");

        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body(eventList(9))
                .when().post("/v1/audit/audit/hsm-east").then().statusCode(200);
        // 9 events and the chain's ChainConfigChange record, sealed with the token's key and verified.
        await().atMost(WAIT).until(() -> client().resources(AuditSeal.class).inNamespace(NAMESPACE)
                .withLabel(ApiGroup.CHAIN_LABEL, name).list().getItems(), all -> all.stream()
                .mapToLong(seal -> seal.getSpec().getRecordCount()).sum() == 10 && all.stream().allMatch(this::verified));
        ChainReport report = new ChainVerifier(new DirectoryStore(config.dataDir().resolve("store-hsm")), id,
                NoteVerifier.parse(vkey)).verify(VerifyOptions.defaults());
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(10, report.records());

        chains.withName(name).delete();
        await().atMost(WAIT).until(() -> chains.withName(name).get() == null);
    }

    // --- helpers

    private static AuditChain chain(String maxDelay) {
        AuditChain chain = Serialization.unmarshal("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata:
                  name: prod-east
                  namespace: audit
                spec:
                  clusterName: prod-east
                  batch: {maxRecords: 10, maxDelay: %s}
                  storage:
                    directory:
                      path: store-op
                  auth:
                    tokenSecretRef: {name: prod-east-token, key: token}
                """.formatted(maxDelay), AuditChain.class);
        assertNotNull(chain.getSpec());
        return chain;
    }

    private AuditChain chain() {
        return client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN).get();
    }

    /**
     * Changes the chain's spec with a JSON merge patch that carries no resourceVersion: edit() locks on the version
     * it read, and the operator's own status writes in between made it fail with 409 now and then.
     */
    private AuditChain patchSpec(String specJson) {
        return client().resources(AuditChain.class).inNamespace(NAMESPACE).withName(CHAIN)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specJson + "}");
    }

    private List<AuditSeal> seals() {
        List<AuditSeal> seals = new ArrayList<>(client().resources(AuditSeal.class).inNamespace(NAMESPACE)
                .withLabel(ApiGroup.CHAIN_LABEL, CHAIN).list().getItems());
        seals.sort(java.util.Comparator.comparing(s -> s.getSpec().getSequence()));
        return seals;
    }

    private boolean verified(AuditSeal seal) {
        return seal.getStatus() != null && Boolean.TRUE.equals(seal.getStatus().getVerified());
    }

    private static java.util.Optional<StatusCondition> condition(AuditChain chain, String type) {
        return chain == null || chain.getStatus() == null ? java.util.Optional.empty()
                : StatusConditions.find(chain.getStatus().getConditions(), type);
    }

    private static StatusCondition sealCondition(AuditSeal seal, String type) {
        return StatusConditions.find(seal.getStatus().getConditions(), type).orElseThrow();
    }

    private List<Event> events(String involvedName) {
        return client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).toList();
    }

    private DirectoryStore store() {
        return new DirectoryStore(config.dataDir().resolve("store-op"));
    }

    private static NoteVerifier verifier(AuditChain chain) throws Exception {
        return NoteVerifier.parse(chain.getStatus().getPublicKey());
    }

    /** The sealed records of {@code kind}, in log order, from storage. */
    private List<String> records(String kind, NoteVerifier verifier) throws Exception {
        List<String> found = new ArrayList<>();
        new ChainVerifier(store(), CHAIN_ID, verifier).verify(VerifyOptions.defaults(), (index, record) -> {
            String text = new String(record, StandardCharsets.UTF_8);
            if (text.contains("\"kind\":\"" + kind + "\"")) {
                found.add(text);
            }
        });
        return found;
    }

    /** The sealed records that contain {@code text}, in log order, from storage. */
    private List<String> recordsContaining(String text, NoteVerifier verifier) throws Exception {
        List<String> found = new ArrayList<>();
        new ChainVerifier(store(), CHAIN_ID, verifier).verify(VerifyOptions.defaults(), (index, record) -> {
            String recordText = new String(record, StandardCharsets.UTF_8);
            if (recordText.contains(text)) {
                found.add(recordText);
            }
        });
        return found;
    }

    private static String eventList(int count) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"auditID\":\"").append(UUID.randomUUID())
                    .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"requestURI\":\"/api/v1/namespaces\"}");
        }
        return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}";
    }
}
