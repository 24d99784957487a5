package io.auditseal.ingest;

import io.auditseal.chain.ChainRegistry;
import io.auditseal.format.ChainId;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A chain that cannot seal until an operator acts is not acknowledged into: audit batches get a retryable 503 (the
 * apiserver retries them, and logs what it drops), admission reviews are allowed unrecorded or denied (failClosed).
 */
@QuarkusTest
class SealingHaltedIngestTest {

    private static final ChainId OPEN = new ChainId("test", "cluster-a");
    private static final ChainId CLOSED = new ChainId("test", "cluster-b");

    @Inject
    ChainRegistry registry;

    @AfterEach
    void sealableAgain() {
        registry.sealable(OPEN);
        registry.sealable(CLOSED);
    }

    @Test
    void audit_unsealableChain_is503WithItsReason_andNothingIsJournaled() {
        String batch = Fixtures.eventList(UUID.randomUUID().toString(), "ResponseComplete");
        registry.unsealable(OPEN, "sealing halted: seal 4 was rewritten in storage");

        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON).body(batch)
                .when().post("/v1/audit/test/cluster-a")
                .then().statusCode(503).header("Retry-After", "10").body("reason", equalTo("SEALING_HALTED"))
                .body("message", containsString("seal 4 was rewritten in storage"));
        // Credentials are checked first: the state of a chain is nobody else's business.
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(batch)
                .when().post("/v1/audit/test/cluster-a")
                .then().statusCode(403);

        // Once it can seal again the same batch is new to the journal: nothing of it was kept before.
        registry.sealable(OPEN);
        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON).body(batch)
                .when().post("/v1/audit/test/cluster-a")
                .then().statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
    }

    @Test
    void admission_unsealableChain_isAllowedUnrecordedUnlessFailClosed() {
        registry.unsealable(OPEN, "sealing halted: x");
        registry.unsealable(CLOSED, "sealing halted: x");
        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON)
                .body(AdmissionReviewParserTest.review("halted-open-1", false))
                .when().post("/v1/admission/test/cluster-a")
                .then().statusCode(200).body("response.allowed", equalTo(true));
        given().header("Authorization", "Bearer s3cret-token-b").contentType(ContentType.JSON)
                .body(AdmissionReviewParserTest.review("halted-closed-1", false))
                .when().post("/v1/admission/test/cluster-b")
                .then().statusCode(200).body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("cannot seal records until an operator acts"));
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "auditseal_ingest_requests_rejected_total{chain=\"test/cluster-a\",endpoint=\"admission\",reason=\"SEALING_HALTED\"}"));
    }
}
