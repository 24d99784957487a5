package io.auditseal.operator;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.restassured.http.ContentType;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** One AuditChain of an operator test against the mock API server: its Secrets, spec, seals and webhook. */
final class ChainUnderTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String token;

    ChainUnderTest(KubernetesClient client, String namespace, String name, String token) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.token = token;
    }

    /** A Secret labelled for this chain, as every Secret a chain reads must be. */
    void secret(String secret, String key, String value) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(secret)
                .withNamespace(namespace).withLabels(Map.of(ApiGroup.CHAIN_LABEL, name)).endMetadata()
                .withStringData(Map.of(key, value)).build()).create();
    }

    /** Creates the chain from its YAML and waits until it is Ready (registered and served). */
    void create(String yaml) {
        client.resources(AuditChain.class).inNamespace(namespace).resource(Serialization.unmarshal(yaml, AuditChain.class))
                .create();
        await().atMost(WAIT).until(this::get, chain -> condition(chain, AuditChainConditions.READY)
                .map(StatusCondition::isTrue).orElse(false));
    }

    AuditChain get() {
        return client.resources(AuditChain.class).inNamespace(namespace).withName(name).get();
    }

    static Optional<StatusCondition> condition(AuditChain chain, String type) {
        return chain == null || chain.getStatus() == null ? Optional.empty()
                : StatusConditions.find(chain.getStatus().getConditions(), type);
    }

    /** Changes the spec with a JSON merge patch. */
    void patchSpec(String json) {
        client.resources(AuditChain.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + json + "}");
    }

    /** The chain's AuditSeals in sequence order. */
    List<AuditSeal> seals() {
        return client.resources(AuditSeal.class).inNamespace(namespace).withLabel(ApiGroup.CHAIN_LABEL, name).list()
                .getItems().stream().sorted(Comparator.comparing(s -> s.getSpec().getSequence())).toList();
    }

    long sealedRecords() {
        return seals().stream().mapToLong(seal -> seal.getSpec().getRecordCount()).sum();
    }

    static boolean verified(AuditSeal seal) {
        return seal.getStatus() != null && Boolean.TRUE.equals(seal.getStatus().getVerified());
    }

    /** Posts {@code events} audit events to the chain's webhook, which must acknowledge them. */
    void post(int events) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < events; i++) {
            items.append(i == 0 ? "" : ",").append("{\"auditID\":\"").append(UUID.randomUUID())
                    .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}");
        }
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}")
                .when().post("/v1/audit/" + namespace + "/" + name).then().statusCode(200);
    }

    void delete() {
        client.resources(AuditChain.class).inNamespace(namespace).withName(name).delete();
        await().atMost(WAIT).until(() -> get() == null);
    }
}
