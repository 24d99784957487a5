package io.auditseal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.chain.RedactionRules;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events as kube-apiserver logs them at RequestResponse: no secret value may survive into the journal. */
class EventRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String event(String objectRef, String request, String response) {
        return "{\"level\":\"RequestResponse\",\"auditID\":\"a1\",\"stage\":\"ResponseComplete\",\"verb\":\"create\","
                + "\"objectRef\":" + objectRef + (request == null ? "" : ",\"requestObject\":" + request)
                + (response == null ? "" : ",\"responseObject\":" + response) + "}";
    }

    private static String redacted(String event) {
        return new String(EventRedaction.redact(event.getBytes(StandardCharsets.UTF_8)).orElseThrow(),
                StandardCharsets.UTF_8);
    }

    private static List<String> paths(String redacted) throws Exception {
        List<String> paths = new ArrayList<>();
        JSON.readTree(redacted).get(EventRedaction.REDACTED_MEMBER).forEach(p -> paths.add(p.asText()));
        return paths;
    }

    @Test
    void redact_secretCreated_removesEveryValueAndTheLastAppliedCopy_keepsTheKeys() throws Exception {
        String secret = "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"db\",\"annotations\":"
                + "{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"data\\\":{\\\"password\\\":\\\"c2VjcmV0LTE=\\\"}}\"}},"
                + "\"data\":{\"password\":\"c2VjcmV0LTE=\"},\"stringData\":{\"token\":\"plain-secret-2\"}}";
        String out = redacted(event("{\"resource\":\"secrets\",\"namespace\":\"prod\",\"name\":\"db\",\"apiVersion\":\"v1\"}",
                secret, secret));
        assertFalse(out.contains("c2VjcmV0LTE=") || out.contains("plain-secret-2"), out);
        JsonNode node = JSON.readTree(out);
        assertEquals("<redacted>", node.at("/responseObject/data/password").asText());
        assertEquals("<redacted>", node.at("/requestObject/stringData/token").asText());
        assertEquals(List.of("requestObject.data.password", "requestObject.stringData.token",
                "requestObject.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration",
                "responseObject.data.password", "responseObject.stringData.token",
                "responseObject.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration"), paths(out));
        assertEquals("a1", node.get("auditID").asText());
    }

    @Test
    void redact_secretsListed_removesTheValuesOfEveryItem() throws Exception {
        String list = "{\"kind\":\"SecretList\",\"items\":[{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"dmFsdWUtYQ==\"}},"
                + "{\"metadata\":{\"name\":\"signing-key\"},\"data\":{\"signing.key\":\"UFJJVkFURSsrKw==\"}}]}";
        String out = redacted(event("{\"resource\":\"secrets\",\"namespace\":\"auditseal\",\"apiVersion\":\"v1\"}", null, list));
        assertFalse(out.contains("dmFsdWUtYQ==") || out.contains("UFJJVkFURSsrKw=="), out);
        assertEquals(List.of("responseObject.items[0].data.k", "responseObject.items[1].data.signing.key"), paths(out));
    }

    @Test
    void redact_secretPatch_removesTheValuesItSets() throws Exception {
        String out = redacted(event("{\"resource\":\"secrets\",\"namespace\":\"prod\",\"name\":\"db\",\"apiVersion\":\"v1\"}",
                "{\"data\":{\"password\":\"bmV3LXNlY3JldA==\"}}", null));
        assertFalse(out.contains("bmV3LXNlY3JldA=="), out);
        assertEquals(List.of("requestObject.data.password"), paths(out));
    }

    @Test
    void redact_jsonPatchOfASecret_removesEveryValueItWrites() throws Exception {
        String out = redacted(event("{\"resource\":\"secrets\",\"namespace\":\"prod\",\"name\":\"db\",\"apiVersion\":\"v1\"}",
                "[{\"op\":\"add\",\"path\":\"/data/password\",\"value\":\"anNvbi1wYXRjaA==\"},{\"op\":\"remove\",\"path\":\"/data/old\"}]",
                null));
        assertFalse(out.contains("anNvbi1wYXRjaA=="), out);
        assertEquals(List.of("requestObject[0].value"), paths(out));
        assertTrue(out.contains("/data/old"), "the operations stay readable");
    }

    @Test
    void redact_tokenRequest_removesTheIssuedToken() throws Exception {
        String out = redacted(event("{\"resource\":\"serviceaccounts\",\"subresource\":\"token\",\"namespace\":\"prod\","
                        + "\"name\":\"default\",\"apiVersion\":\"v1\"}", "{\"spec\":{\"audiences\":[\"api\"]}}",
                "{\"kind\":\"TokenRequest\",\"spec\":{\"audiences\":[\"api\"]},\"status\":{\"token\":\"eyJhbGciOiJSUzI1NiJ9.x.y\","
                        + "\"expirationTimestamp\":\"2026-12-01T11:00:00Z\"}}"));
        assertFalse(out.contains("eyJhbGciOiJSUzI1NiJ9"), out);
        assertEquals(List.of("responseObject.status.token"), paths(out));
        assertTrue(out.contains("2026-12-01T11:00:00Z"), "what is not secret stays");
    }

    @Test
    void redact_tokenReview_removesTheReviewedToken() throws Exception {
        String review = "{\"kind\":\"TokenReview\",\"spec\":{\"token\":\"sa-token-xyz\"},\"status\":{\"authenticated\":true}}";
        String out = redacted(event("{\"resource\":\"tokenreviews\",\"apiGroup\":\"authentication.k8s.io\",\"apiVersion\":\"v1\"}",
                review, review));
        assertFalse(out.contains("sa-token-xyz"), out);
        assertEquals(List.of("requestObject.spec.token", "responseObject.spec.token"), paths(out));
    }

    @Test
    void redact_otherResources_areLeftAsTheyCame() {
        // A ConfigMap named "secrets" with a key "token": no secret resource, nothing to remove, bytes untouched.
        String configMap = event("{\"resource\":\"configmaps\",\"namespace\":\"prod\",\"name\":\"secrets\",\"apiVersion\":\"v1\"}",
                "{\"data\":{\"token\":\"not-a-secret\"}}", null);
        assertTrue(EventRedaction.redact(configMap.getBytes(StandardCharsets.UTF_8)).isEmpty());
        String pod = event("{\"resource\":\"pods\",\"namespace\":\"prod\",\"name\":\"p\",\"apiVersion\":\"v1\"}", null, null);
        assertTrue(EventRedaction.redact(pod.getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    /** A chain's redaction where the sink's key material lives in namespace "auditseal" alone. */
    private static Redaction chain(RedactionRules rules) {
        return Redaction.of(rules, "auditseal"::equals);
    }

    private static final RedactionRules CONFIGMAP_DATA = new RedactionRules(List.of(new RedactionRules.Rule("", "configmaps",
            "", List.of(List.of("data"), List.of("metadata", "annotations", "team.example/api-key")))));

    @Test
    void redact_aChainsOwnRule_removesWhatItNames_inObjectsAndListItems_andApplyingIsDecidedFromTheObjectRef()
            throws Exception {
        String configMap = "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app\",\"annotations\":{\"team.example/api-key\":\"k-123\","
                + "\"owner\":\"alice\"}},\"data\":{\"url\":\"postgres://u:pw@db\"}}";
        String list = "{\"kind\":\"ConfigMapList\",\"items\":[" + configMap + "]}";
        String event = event("{\"resource\":\"configmaps\",\"namespace\":\"prod\",\"apiVersion\":\"v1\"}", configMap, list);
        EventItem item = EventListParser.parse(("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + event + "]}").getBytes(StandardCharsets.UTF_8)).get(0);

        assertTrue(EventRedaction.applies(item.objectRef(), chain(CONFIGMAP_DATA)));
        assertFalse(EventRedaction.applies(item.objectRef(), Redaction.BUILT_IN), "no built-in rule for ConfigMaps");
        String out = new String(EventRedaction.redact(item, chain(CONFIGMAP_DATA)).orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(out.contains("pw@db") || out.contains("k-123"), out);
        assertTrue(out.contains("\"owner\":\"alice\"") && out.contains("\"url\":\"<redacted>\""), "keys and other values stay: " + out);
        assertEquals(List.of("requestObject.data.url", "requestObject.metadata.annotations.team.example/api-key",
                "responseObject.items[0].data.url", "responseObject.items[0].metadata.annotations.team.example/api-key"),
                paths(out));
        // Without the rule the event is not even parsed: its bytes stay the apiserver's.
        assertTrue(EventRedaction.redact(item, Redaction.BUILT_IN).isEmpty());
    }

    @Test
    void redact_aChainsOwnRule_onAJsonPatch_replacesEveryValueItWrites() throws Exception {
        String patch = "[{\"op\":\"replace\",\"path\":\"/data/url\",\"value\":\"postgres://u:pw2@db\"}]";
        String out = new String(EventRedaction.redact(event("{\"resource\":\"configmaps\",\"name\":\"app\"}", patch, null)
                .getBytes(StandardCharsets.UTF_8), chain(CONFIGMAP_DATA)).orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(out.contains("pw2@db"), out);
        assertEquals(List.of("requestObject[0].value"), paths(out));
    }

    @Test
    void redact_aChainsOwnRuleForSecrets_addsToTheBuiltInOnes() throws Exception {
        RedactionRules labels = new RedactionRules(List.of(new RedactionRules.Rule("", "secrets", "",
                List.of(List.of("metadata", "labels")))));
        String out = new String(EventRedaction.redact(event("{\"resource\":\"secrets\",\"name\":\"db\"}",
                "{\"metadata\":{\"labels\":{\"hint\":\"pw-is-hunter2\"}},\"data\":{\"p\":\"aHVudGVyMg==\"}}", null)
                .getBytes(StandardCharsets.UTF_8), chain(labels)).orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(out.contains("hunter2") || out.contains("aHVudGVyMg=="), out);
        assertEquals(List.of("requestObject.data.p", "requestObject.metadata.labels.hint"), paths(out));
    }

    @Test
    void redact_numbersOfARedactedEvent_keepTheirValue() throws Exception {
        String out = redacted(event("{\"resource\":\"secrets\",\"namespace\":\"p\",\"name\":\"n\",\"apiVersion\":\"v1\"}",
                "{\"data\":{\"k\":\"dg==\"},\"metadata\":{\"generation\":12345678901234567890,\"x\":0.1}}", null));
        assertTrue(out.contains("12345678901234567890") && out.contains("0.1"), out);
    }

    private static final Redaction BUILT_IN_OFF = chain(new RedactionRules(false, List.of()));

    private static String secretEvent(String namespace, String value) {
        return event("{\"resource\":\"secrets\",\"namespace\":\"" + namespace + "\",\"name\":\"db\",\"apiVersion\":\"v1\"}",
                "{\"metadata\":{\"name\":\"db\"},\"data\":{\"p\":\"" + value + "\"}}", null);
    }

    private static EventItem framed(String event) {
        return EventListParser.parse(("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + event + "]}").getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void builtInOff_keepsSecretsOfOtherNamespaces_asTheApiserverSentThem() {
        EventItem item = framed(secretEvent("prod", "cHJvZC12YWx1ZQ=="));
        assertFalse(EventRedaction.applies(item.objectRef(), BUILT_IN_OFF), "not even parsed");
        assertTrue(EventRedaction.redact(item, BUILT_IN_OFF).isEmpty());
    }

    @Test
    void builtInOff_stillRedactsSecretsWhereTheSinksKeyMaterialLives() throws Exception {
        EventItem item = framed(secretEvent("auditseal", "c2lnbmluZy1rZXk="));
        String out = new String(EventRedaction.redact(item, BUILT_IN_OFF).orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(out.contains("c2lnbmluZy1rZXk="), out);
        assertEquals(List.of("requestObject.data.p"), paths(out));
    }

    @Test
    void builtInOff_aListAcrossAllNamespaces_redactsTheItemsOfKeyNamespacesOnly() throws Exception {
        String list = "{\"kind\":\"SecretList\",\"items\":["
                + "{\"metadata\":{\"name\":\"app\",\"namespace\":\"prod\"},\"data\":{\"k\":\"YXBwLXZhbHVl\"}},"
                + "{\"metadata\":{\"name\":\"e2e-signing-key\",\"namespace\":\"auditseal\"},\"data\":{\"signing.key\":\"a2V5\"}},"
                + "{\"metadata\":{\"name\":\"no-namespace\"},\"data\":{\"k\":\"bm8tbnM=\"}}]}";
        EventItem item = framed(event("{\"resource\":\"secrets\",\"apiVersion\":\"v1\"}", null, list));
        String out = new String(EventRedaction.redact(item, BUILT_IN_OFF).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(out.contains("YXBwLXZhbHVl"), "prod's value is kept: " + out);
        assertFalse(out.contains("a2V5") || out.contains("bm8tbnM="), "the sink's, and one of no known namespace: " + out);
        assertEquals(List.of("responseObject.items[1].data.signing.key", "responseObject.items[2].data.k"), paths(out));
    }

    @Test
    void builtInOff_tokenRequests_keptElsewhere_redactedInKeyNamespaces_andTokenReviewsAlwaysRedacted() throws Exception {
        String response = "{\"kind\":\"TokenRequest\",\"status\":{\"token\":\"eyJ.issued.token\"}}";
        String ref = "{\"resource\":\"serviceaccounts\",\"subresource\":\"token\",\"namespace\":\"%s\",\"name\":\"sa\"}";
        assertTrue(EventRedaction.redact(framed(event(ref.formatted("prod"), null, response)), BUILT_IN_OFF).isEmpty());
        String sinks = new String(EventRedaction.redact(framed(event(ref.formatted("auditseal"), null, response)), BUILT_IN_OFF)
                .orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(sinks.contains("eyJ.issued.token"), sinks);
        String review = "{\"kind\":\"TokenReview\",\"spec\":{\"token\":\"anyones-token\"}}";
        String reviewed = new String(EventRedaction.redact(framed(event(
                "{\"resource\":\"tokenreviews\",\"apiGroup\":\"authentication.k8s.io\"}", review, null)), BUILT_IN_OFF)
                .orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(reviewed.contains("anyones-token"), reviewed);
    }

    @Test
    void builtInOff_aChainsOwnRulesStillApply() throws Exception {
        Redaction rulesOnly = chain(new RedactionRules(false, CONFIGMAP_DATA.rules()));
        String out = new String(EventRedaction.redact(framed(event("{\"resource\":\"configmaps\",\"namespace\":\"prod\"}",
                "{\"data\":{\"url\":\"pw@db\"}}", null)), rulesOnly).orElseThrow(), StandardCharsets.UTF_8);
        assertFalse(out.contains("pw@db"), out);
    }
}
