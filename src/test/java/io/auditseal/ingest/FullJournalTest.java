package io.auditseal.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With the journal at its cap: the audit webhook asks for a retry, admission fails open or closed per chain. */
@QuarkusTest
@TestProfile(FullJournalTest.TinyCap.class)
class FullJournalTest {

    public static class TinyCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auditseal.journal.cap-bytes", "64");
        }
    }

    @Test
    void audit_overCap_is429WithRetryAfter() {
        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON)
                .body(Fixtures.eventList(UUID.randomUUID().toString(), "ResponseComplete"))
                .when().post("/v1/audit/test/cluster-a")
                .then().statusCode(429).header("Retry-After", "10").body("reason", equalTo("JOURNAL_FULL"));
        // The journal refuses, but holds nothing a release could free (this batch alone is over the 64-byte cap):
        // ready, and says so. With records pending it would be DOWN (JournalHealthTest).
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'journal' }.data.refusing", equalTo(true));
    }

    @Test
    void admission_unrecordable_isAllowedUnlessFailClosed() {
        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON)
                .body(AdmissionReviewParserTest.review("open-1", false))
                .when().post("/v1/admission/test/cluster-a")
                .then().statusCode(200).body("response.allowed", equalTo(true)).body("response.uid", equalTo("open-1"));
        given().header("Authorization", "Bearer s3cret-token-b").contentType(ContentType.JSON)
                .body(AdmissionReviewParserTest.review("closed-1", false))
                .when().post("/v1/admission/test/cluster-b")
                .then().statusCode(200).body("response.allowed", equalTo(false))
                .body("response.uid", equalTo("closed-1"))
                .body("response.status.message", containsString("failClosed"));
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("auditseal_admission_unrecorded_total{chain=\"test/cluster-a\"}"));
    }
}
