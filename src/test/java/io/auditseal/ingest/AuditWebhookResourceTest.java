package io.auditseal.ingest;

import io.auditseal.format.ChainId;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuditWebhookResourceTest {

    static final String PATH = "/v1/audit/test/cluster-a";
    static final String TOKEN = "Bearer s3cret-token-a";
    static final ChainId CHAIN = new ChainId("test", "cluster-a");

    @Inject
    Journal journal;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI server;

    @Test
    void post_realApiserverBatch_isJournaledThenDeduplicatedOnRetry() throws Exception {
        byte[] body = Fixtures.read(Fixtures.APISERVER_EVENTLIST);
        long before = journal.pendingRecords(CHAIN);
        List<EventItem> items = EventListParser.parse(body);

        given().header("Authorization", TOKEN).contentType(ContentType.JSON).queryParam("timeout", "30s").body(body)
                .when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(5)).body("duplicates", equalTo(0));
        assertEquals(before + 5, journal.pendingRecords(CHAIN));
        List<JournalRecord> stored = journal.read(CHAIN, 0, Integer.MAX_VALUE);
        List<JournalRecord> mine = stored.subList(stored.size() - 5, stored.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(items.get(i).raw(), mine.get(i).payload(), "item " + i + " stored as received");
        }

        // The apiserver retries a batch whose answer it did not see: nothing is stored twice.
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(5));
        assertEquals(before + 5, journal.pendingRecords(CHAIN));
    }

    @Test
    void post_secretAtRequestResponse_isJournaledWithoutItsValues_andItsRetryIsADuplicate() throws Exception {
        String value = "c2VjcmV0LXZhbHVlLSIrVVVJRA==".replace("VVVJRA", UUID.randomUUID().toString().substring(0, 6));
        String id = UUID.randomUUID().toString();
        String secret = "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\""
                + value + "\"}}";
        String body = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[{\"level\":\"RequestResponse\","
                + "\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"objectRef\":"
                + "{\"resource\":\"secrets\",\"namespace\":\"prod\",\"name\":\"db\",\"apiVersion\":\"v1\"},"
                + "\"requestObject\":" + secret + ",\"responseObject\":" + secret + "}]}";
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(1));
        List<JournalRecord> stored = journal.read(CHAIN, 0, Integer.MAX_VALUE);
        String mine = new String(stored.get(stored.size() - 1).payload(), StandardCharsets.UTF_8);
        assertTrue(mine.contains(id) && mine.contains("\"auditseal.io/redacted\""), mine);
        for (JournalRecord record : stored) {
            assertFalse(new String(record.payload(), StandardCharsets.UTF_8).contains(value), "a secret value is durable");
        }
        // The apiserver's retry resends its own bytes: recognised as the same event although the record differs.
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    }

    @Test
    void post_gzipBody_isDecoded() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", TOKEN).header("Content-Encoding", "gzip").contentType(ContentType.JSON)
                .body(gzip(Fixtures.eventList(id, "ResponseComplete").getBytes(StandardCharsets.UTF_8)))
                .when().post(PATH)
                .then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void post_credentialProblems_getTheirOwnStatusAndReason() {
        String body = Fixtures.eventList(UUID.randomUUID().toString(), "ResponseComplete");
        given().contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(401).body("reason", equalTo("MISSING_CREDENTIALS"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(403).body("reason", equalTo("INVALID_CREDENTIALS"));
        given().header("Authorization", "Bearer s3cret-token-b").contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(403).body("reason", equalTo("INVALID_CREDENTIALS"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post("/v1/audit/test/nope")
                .then().statusCode(404).body("reason", equalTo("UNKNOWN_CHAIN"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post("/v1/audit/Test/Bad_Name")
                .then().statusCode(404).body("reason", equalTo("UNKNOWN_CHAIN"));
    }

    @Test
    void post_wrongMediaTypeOrEncoding_is415() {
        String body = Fixtures.eventList(UUID.randomUUID().toString(), "ResponseComplete");
        given().header("Authorization", TOKEN).contentType(ContentType.TEXT).body(body).when().post(PATH)
                .then().statusCode(415).body("reason", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().header("Authorization", TOKEN).header("Content-Encoding", "br").contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(415).body("reason", equalTo("UNSUPPORTED_ENCODING"));
    }

    @Test
    void post_badBodies_are400WithTheProblemNamed() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"kind\":\"EventList\",\n\"items\":[}")
                .when().post(PATH)
                .then().statusCode(400).body("reason", equalTo("MALFORMED_JSON")).body("message", containsString("line 2"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[]}")
                .when().post(PATH)
                .then().statusCode(400).body("reason", equalTo("WRONG_KIND")).body("message", containsString("EventList"));
    }

    @Test
    void post_badItem_rejectsWholeBatchAndStoresNothing() {
        long before = journal.pendingRecords(CHAIN);
        String good = UUID.randomUUID().toString();
        String body = Fixtures.eventList(good, "ResponseComplete", "x", "ResponseComplete")
                .replace("\"auditID\":\"x\",", "");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(400).body("reason", equalTo("INVALID_ITEM"));
        assertEquals(before, journal.pendingRecords(CHAIN));
    }

    @Test
    void post_toAChainWithARuleOfItsOwn_isJournaledWithWhatTheRuleNamesRemoved() throws Exception {
        String id = UUID.randomUUID().toString();
        String configMap = "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app\"},\"data\":{\"url\":\"postgres://u:" + id + "@db\"}}";
        String body = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[{\"level\":\"RequestResponse\","
                + "\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"objectRef\":"
                + "{\"resource\":\"configmaps\",\"namespace\":\"prod\",\"name\":\"app\",\"apiVersion\":\"v1\"},"
                + "\"requestObject\":" + configMap + ",\"responseObject\":" + configMap + "}]}";
        // test/cluster-b's spec.redaction says ConfigMap data is secret (src/test/resources/standalone/chains.yaml).
        given().header("Authorization", "Bearer s3cret-token-b").contentType(ContentType.JSON).body(body)
                .when().post("/v1/audit/test/cluster-b")
                .then().statusCode(200).body("accepted", equalTo(1));
        List<JournalRecord> stored = journal.read(new ChainId("test", "cluster-b"), 0, Integer.MAX_VALUE);
        String mine = new String(stored.get(stored.size() - 1).payload(), StandardCharsets.UTF_8);
        assertTrue(mine.contains("\"auditID\":\"" + id + "\"") && mine.contains("requestObject.data.url"), mine);
        assertFalse(mine.contains("u:" + id + "@db"), "the rule's value is durable: " + mine);
    }

    @Test
    void post_batchOver12MiB_isJournaledWhole_inSeveralWrites_andItsRetryIsAllDuplicates() throws Exception {
        // 48 events of ~800 KB (a ConfigMap near etcd's limit, request and response): 37 MiB, three journal writes.
        String value = "y".repeat(400_000);
        String object = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"big\"},\"data\":{\"v\":\""
                + value + "\"}}";
        StringBuilder items = new StringBuilder();
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 48; i++) {
            items.append(i == 0 ? "" : ",").append("{\"level\":\"RequestResponse\",\"auditID\":\"").append(run).append('-')
                    .append(i).append("\",\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"objectRef\":{\"resource\":"
                            + "\"configmaps\"},\"requestObject\":").append(object).append(",\"responseObject\":")
                    .append(object).append('}');
        }
        byte[] body = ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 2 * Ingestor.WRITE_BYTES && body.length > 12 << 20);
        long before = journal.pendingRecords(CHAIN);

        // (java.net.http: RestAssured takes seconds to send a body this large.)
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest post = java.net.http.HttpRequest.newBuilder(server.resolve(PATH.substring(1)))
                .header("Authorization", TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        java.net.http.HttpResponse<String> first = client.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("{\"accepted\":48,\"duplicates\":0}", first.body());
        assertEquals(before + 48, journal.pendingRecords(CHAIN));
        java.net.http.HttpResponse<String> retry = client.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"accepted\":0,\"duplicates\":48}", retry.body());
        assertEquals(before + 48, journal.pendingRecords(CHAIN));
    }

    @Test
    void metrics_afterTraffic_countAcceptedAndRejected() {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(Fixtures.eventList(id, "ResponseComplete"))
                .when().post(PATH).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").when().post(PATH).then().statusCode(401);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics,
                containsString("auditseal_ingest_events_accepted_total{chain=\"test/cluster-a\",endpoint=\"audit\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("reason=\"MISSING_CREDENTIALS\""));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("auditseal_ingest_ack_seconds_bucket"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("auditseal_journal_pending_bytes"));
    }

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
