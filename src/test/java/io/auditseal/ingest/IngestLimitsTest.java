package io.auditseal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.auditseal.ingest.AuditWebhookResourceTest.CHAIN;
import static io.auditseal.ingest.AuditWebhookResourceTest.PATH;
import static io.auditseal.ingest.AuditWebhookResourceTest.TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The size limits, made small enough to reach: a body over its limit, and events over the record limit. */
@QuarkusTest
@TestProfile(IngestLimitsTest.SmallLimits.class)
class IngestLimitsTest {

    static final int RECORD_LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auditseal.ingest.max-body-bytes", String.valueOf(2 << 20),
                    "auditseal.ingest.max-record-bytes", String.valueOf(RECORD_LIMIT));
        }
    }

    @Inject
    Journal journal;

    @Test
    void post_gzipBomb_is413OnceTheDecodedLimitIsPassed() throws Exception {
        byte[] spaces = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(spaces, (byte) ' ');
        given().header("Authorization", TOKEN).header("Content-Encoding", "gzip").contentType(ContentType.JSON)
                .body(AuditWebhookResourceTest.gzip(spaces))
                .when().post(PATH)
                .then().statusCode(413).body("reason", equalTo("BODY_TOO_LARGE"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void post_eventOverTheRecordLimit_isJournaledAsAnOversizeRecordCommittingToItsBytes() throws Exception {
        String id = UUID.randomUUID().toString();
        String event = "{\"level\":\"RequestResponse\",\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\","
                + "\"verb\":\"list\",\"user\":{\"username\":\"alice\"},\"objectRef\":{\"resource\":\"configmaps\"},"
                + "\"responseObject\":{\"kind\":\"ConfigMapList\",\"items\":[{\"data\":{\"v\":\"" + "z".repeat(200_000)
                + "\"}}]},\"responseStatus\":{\"code\":200}}";
        byte[] body = ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + event + "]}")
                .getBytes(StandardCharsets.UTF_8);

        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(1));
        JsonNode record = JSON.readTree(last().payload());
        assertEquals("OversizeRecord", record.path("kind").asText());
        assertEquals(RECORD_LIMIT, record.path("limit").asInt());
        byte[] exact = event.getBytes(StandardCharsets.UTF_8);
        assertEquals(exact.length, record.path("size").asInt());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(exact)),
                record.path("sha256").asText());
        assertEquals("[\"responseObject\"]", record.path("omitted").toString());
        assertEquals(id, record.path("event").path("auditID").asText());
        assertEquals("alice", record.path("event").path("user").path("username").asText());
        assertEquals(200, record.path("event").path("responseStatus").path("code").asInt());

        // The apiserver's retry: the same bytes, a duplicate although only a digest of them was kept.
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    }

    @Test
    void post_secretEventOverTheRecordLimit_keepsNoDigestAndNoValue() throws Exception {
        String id = UUID.randomUUID().toString();
        String value = "c2VjcmV0" + UUID.randomUUID().toString().replace("-", "");
        String secret = "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\""
                + value + "\"}}";
        // A list of Secrets too big to keep, then a small Secret that is kept: its value must still go.
        String event = "{\"level\":\"RequestResponse\",\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\","
                + "\"verb\":\"update\",\"objectRef\":{\"resource\":\"secrets\",\"name\":\"db\"},"
                + "\"responseObject\":{\"kind\":\"SecretList\",\"items\":[" + (secret + ",").repeat(2000) + secret + "]},"
                + "\"requestObject\":" + secret + "}";
        byte[] body = ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + event + "]}")
                .getBytes(StandardCharsets.UTF_8);

        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(1));
        String stored = new String(last().payload(), StandardCharsets.UTF_8);
        JsonNode record = JSON.readTree(stored);
        assertEquals("OversizeRecord", record.path("kind").asText());
        assertFalse(record.has("sha256"), "a digest over secret values could be brute-forced");
        assertEquals("[\"responseObject\"]", record.path("omitted").toString());
        assertTrue(record.path("event").has(EventRedaction.REDACTED_MEMBER), stored);
        assertFalse(stored.contains(value), "a secret value is durable: " + stored);
    }

    private JournalRecord last() throws Exception {
        List<JournalRecord> stored = journal.read(CHAIN, 0, Integer.MAX_VALUE);
        return stored.get(stored.size() - 1);
    }
}
