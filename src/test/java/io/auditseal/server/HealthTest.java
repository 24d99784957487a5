package io.auditseal.server;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The server side boots and reports itself healthy. */
@QuarkusTest
class HealthTest {

    @Test
    void health_serverStarted_isUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
