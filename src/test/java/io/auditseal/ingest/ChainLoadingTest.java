package io.auditseal.ingest;

import io.auditseal.chain.ChainRegistry;
import io.auditseal.format.ChainId;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A chain known to exist but not registered yet answers a retryable 503, an unknown one 404. */
@QuarkusTest
class ChainLoadingTest {

    @Inject
    ChainRegistry registry;

    @Test
    void expectedButUnregisteredChain_gets503WithRetryAfter_unknownGets404() {
        registry.expect(List.of(new ChainId("test", "coming-up")));
        String body = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}";
        given().header("Authorization", "Bearer x").contentType(ContentType.JSON).body(body)
                .when().post("/v1/audit/test/coming-up")
                .then().statusCode(503).header("Retry-After", equalTo("10")).body("reason", equalTo("CHAIN_LOADING"));
        given().header("Authorization", "Bearer x").contentType(ContentType.JSON).body(body)
                .when().post("/v1/audit/test/never-heard-of")
                .then().statusCode(404).body("reason", equalTo("UNKNOWN_CHAIN"));
    }
}
