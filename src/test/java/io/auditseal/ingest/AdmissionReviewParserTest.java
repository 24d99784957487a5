package io.auditseal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.RecordCanonicalizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionReviewParserTest {

    static String review(String uid, boolean dryRun) {
        return "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"" + uid + "\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},"
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"},"
                + "\"name\":\"settings\",\"namespace\":\"demo\",\"operation\":\"UPDATE\","
                + "\"userInfo\":{\"username\":\"kubernetes-admin\",\"groups\":[\"system:masters\"]},"
                + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"k\":\"v\"}},"
                + "\"dryRun\":" + dryRun + "}}";
    }

    @Test
    void parse_review_keepsTheRequestVerbatim() throws Exception {
        String body = review("705ab4f5-6393-11e8-b7cc-42010a800002", false);
        AdmissionRequestView view = AdmissionReviewParser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", view.uid());
        assertFalse(view.dryRun());
        JsonNode request = new ObjectMapper().readTree(body).get("request");
        assertEquals(request, new ObjectMapper().readTree(view.rawRequest()));
    }

    @Test
    void admissionRecord_dryRun_isMarkedAndCanonicalisable() throws Exception {
        AdmissionRequestView view = AdmissionReviewParser.parse(review("u-1", true).getBytes(StandardCharsets.UTF_8));
        assertTrue(view.dryRun());
        byte[] record = Ingestor.admissionRecord(view, Instant.parse("2026-11-26T10:00:00Z"));
        JsonNode tree = new ObjectMapper().readTree(RecordCanonicalizer.canonicalize(record));
        assertEquals("AdmissionRecord", tree.get("kind").asText());
        assertEquals("auditseal.io/v1alpha1", tree.get("apiVersion").asText());
        assertEquals("2026-11-26T10:00:00.000000Z", tree.get("receivedAt").asText());
        assertTrue(tree.get("dryRun").asBoolean());
        assertEquals("u-1", tree.get("request").get("uid").asText());
        byte[] normal = Ingestor.admissionRecord(
                AdmissionReviewParser.parse(review("u-2", false).getBytes(StandardCharsets.UTF_8)), Instant.EPOCH);
        assertFalse(new ObjectMapper().readTree(normal).has("dryRun"));
    }

    @Test
    void admissionRecord_resourceAChainsRuleNames_isRedactedByIt() throws Exception {
        String body = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"c-9\","
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"},\"operation\":\"CREATE\","
                + "\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app\"},\"data\":{\"url\":\"postgres://u:pw@db\"}}}}";
        AdmissionRequestView view = AdmissionReviewParser.parse(body.getBytes(StandardCharsets.UTF_8));
        io.auditseal.chain.RedactionRules rules = new io.auditseal.chain.RedactionRules(java.util.List.of(
                new io.auditseal.chain.RedactionRules.Rule("", "configmaps", "", java.util.List.of(java.util.List.of("data")))));

        JsonNode tree = new ObjectMapper().readTree(Ingestor.admissionRecord(view, Instant.EPOCH,
                Redaction.of(rules, namespace -> false)));
        assertTrue(tree.get("redacted").asBoolean());
        assertEquals("<redacted>", tree.at("/request/object/data/url").asText());
        assertEquals("app", tree.at("/request/object/metadata/name").asText());
        // Without the rule: recorded as received.
        assertTrue(new String(Ingestor.admissionRecord(view, Instant.EPOCH), StandardCharsets.UTF_8).contains("pw@db"));
    }

    @Test
    void admissionRecord_secret_keepsKeysAndDropsEveryValue() throws Exception {
        String body = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"s-1\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Secret\"},"
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"secrets\"},\"operation\":\"UPDATE\","
                + "\"object\":{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\"aHVudGVyMg==\"},"
                + "\"stringData\":{\"token\":\"plain-secret\"}},"
                + "\"oldObject\":{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\"b2xkLXNlY3JldA==\"}}}}";
        AdmissionRequestView view = AdmissionReviewParser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertTrue(view.secret());
        byte[] record = Ingestor.admissionRecord(view, Instant.EPOCH);
        String text = new String(record, StandardCharsets.UTF_8);
        for (String value : new String[] {"aHVudGVyMg==", "plain-secret", "b2xkLXNlY3JldA=="}) {
            assertFalse(text.contains(value), "secret value recorded: " + text);
        }
        JsonNode tree = new ObjectMapper().readTree(RecordCanonicalizer.canonicalize(record));
        assertTrue(tree.get("redacted").asBoolean());
        assertEquals("<redacted>", tree.get("request").get("object").get("data").get("password").asText());
        assertEquals("<redacted>", tree.get("request").get("oldObject").get("data").get("password").asText());
        assertEquals("db", tree.get("request").get("object").get("metadata").get("name").asText());
        // Other kinds are recorded as received.
        assertFalse(AdmissionReviewParser.parse(review("c-1", false).getBytes(StandardCharsets.UTF_8)).secret());
    }

    @Test
    void admissionRecord_secretWithBuiltInRulesOff_isKeptOutsideTheSinksNamespaces_andRedactedInThem() throws Exception {
        String body = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"s-3\","
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"secrets\"},\"namespace\":\"%s\","
                + "\"operation\":\"CREATE\",\"object\":{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},"
                + "\"data\":{\"password\":\"aHVudGVyMg==\"}}}}";
        Redaction off = Redaction.of(new io.auditseal.chain.RedactionRules(false, java.util.List.of()), "auditseal"::equals);
        AdmissionRequestView prod = AdmissionReviewParser.parse(body.formatted("prod").getBytes(StandardCharsets.UTF_8));
        assertEquals("prod", prod.resource().namespace());
        String kept = new String(Ingestor.admissionRecord(prod, Instant.EPOCH, off), StandardCharsets.UTF_8);
        assertTrue(kept.contains("aHVudGVyMg==") && !kept.contains("\"redacted\""), kept);
        String sinks = new String(Ingestor.admissionRecord(AdmissionReviewParser.parse(
                body.formatted("auditseal").getBytes(StandardCharsets.UTF_8)), Instant.EPOCH, off), StandardCharsets.UTF_8);
        assertFalse(sinks.contains("aHVudGVyMg=="), sinks);
        assertTrue(new ObjectMapper().readTree(sinks).get("redacted").asBoolean());
    }

    @Test
    void admissionRecord_redacted_keepsEveryNumberExactly() throws Exception {
        String body = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"s-4\","
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"secrets\"},\"operation\":\"CREATE\","
                + "\"object\":{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\",\"generation\":12345678901234567890,"
                + "\"weight\":0.10000000000000000001},\"data\":{\"password\":\"aHVudGVyMg==\"}}}}";
        String text = new String(Ingestor.admissionRecord(AdmissionReviewParser.parse(body.getBytes(StandardCharsets.UTF_8)),
                Instant.EPOCH), StandardCharsets.UTF_8);
        assertFalse(text.contains("aHVudGVyMg=="), text);
        assertTrue(text.contains("12345678901234567890") && text.contains("0.10000000000000000001"), text);
    }

    @Test
    void admissionRecord_secretAppliedClientSide_dropsTheLastAppliedCopyOfItsValues() throws Exception {
        // kubectl apply (client side) stores the whole Secret, values included, in an annotation.
        String lastApplied = "{\\\"apiVersion\\\":\\\"v1\\\",\\\"data\\\":{\\\"password\\\":\\\"aHVudGVyMg==\\\"},\\\"kind\\\":\\\"Secret\\\"}";
        String metadata = "{\"name\":\"db\",\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\""
                + lastApplied + "\",\"team\":\"payments\"}}";
        String body = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"s-2\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Secret\"},"
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"secrets\"},\"operation\":\"UPDATE\","
                + "\"object\":{\"kind\":\"Secret\",\"metadata\":" + metadata + ",\"data\":{\"password\":\"aHVudGVyMg==\"}},"
                + "\"oldObject\":{\"kind\":\"Secret\",\"metadata\":" + metadata + ",\"data\":{\"password\":\"aHVudGVyMg==\"}}}}";
        AdmissionRequestView view = AdmissionReviewParser.parse(body.getBytes(StandardCharsets.UTF_8));
        String text = new String(Ingestor.admissionRecord(view, Instant.EPOCH), StandardCharsets.UTF_8);
        assertFalse(text.contains("aHVudGVyMg=="), "secret value recorded: " + text);
        JsonNode annotations = new ObjectMapper().readTree(text).at("/request/object/metadata/annotations");
        assertEquals("<redacted>", annotations.get("kubectl.kubernetes.io/last-applied-configuration").asText());
        assertEquals("payments", annotations.get("team").asText(), "other annotations are kept");
    }

    @Test
    void parse_wrongKindOrMissingUid_isRejected() {
        assertEquals(RejectReason.WRONG_KIND, assertThrows(IngestProblem.class, () -> AdmissionReviewParser.parse(
                review("u", false).replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1").getBytes(StandardCharsets.UTF_8))).reason());
        assertEquals(RejectReason.INVALID_ITEM, assertThrows(IngestProblem.class, () -> AdmissionReviewParser.parse(
                review("", false).getBytes(StandardCharsets.UTF_8))).reason());
        assertEquals(RejectReason.INVALID_ITEM, assertThrows(IngestProblem.class, () -> AdmissionReviewParser.parse(
                "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"}".getBytes(StandardCharsets.UTF_8))).reason());
    }
}
