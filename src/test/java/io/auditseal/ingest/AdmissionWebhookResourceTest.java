package io.auditseal.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainId;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AdmissionWebhookResourceTest {

    @Inject
    Journal journal;

    @Test
    void review_isAllowedWithUidEchoed_andRecordedAsDryRun() throws Exception {
        String uid = UUID.randomUUID().toString();
        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON)
                .body(AdmissionReviewParserTest.review(uid, true))
                .when().post("/v1/admission/test/cluster-a")
                .then().statusCode(200)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo(uid))
                .body("response.allowed", equalTo(true));

        List<JournalRecord> records = journal.read(new ChainId("test", "cluster-a"), 0, Integer.MAX_VALUE);
        var last = new ObjectMapper().readTree(records.get(records.size() - 1).payload());
        assertEquals("AdmissionRecord", last.get("kind").asText());
        assertEquals(uid, last.get("request").get("uid").asText());
        assertTrue(last.get("dryRun").asBoolean());
    }

    @Test
    void review_wrongToken_is403() {
        given().header("Authorization", "Bearer nope").contentType(ContentType.JSON)
                .body(AdmissionReviewParserTest.review("u", false))
                .when().post("/v1/admission/test/cluster-a")
                .then().statusCode(403).body("reason", equalTo("INVALID_CREDENTIALS"));
    }
}
