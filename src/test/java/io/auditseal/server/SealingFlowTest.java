package io.auditseal.server;

import io.auditseal.format.ChainId;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From webhook to verified seal: events posted over HTTP end up in signed seals that verify from storage alone. */
@QuarkusTest
class SealingFlowTest {

    private static final ChainId CHAIN = new ChainId("test", "sealed");

    @Inject
    ServeConfig config;

    @Inject
    SealingService sealing;

    @Test
    void postedEvents_areSealedAndVerifyWithTheChainsKey() throws Exception {
        for (int batch = 0; batch < 3; batch++) {
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                items.append(i == 0 ? "" : ",").append("{\"auditID\":\"").append(UUID.randomUUID())
                        .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"requestURI\":\"/api/v1/namespaces\"}");
            }
            given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON)
                    .body("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}")
                    .when().post("/v1/audit/test/sealed").then().statusCode(200);
        }
        Path vkey = config.dataDir().resolve("keys").resolve("test-sealed.vkey");
        NoteVerifier verifier = NoteVerifier.parse(Files.readString(vkey));
        assertEquals("auditseal/test/sealed", verifier.name());
        // The operator checks seals with the running sealer's key instead of reading it again each time.
        assertEquals(verifier.encode(), sealing.sealer(CHAIN).orElseThrow().verifier().encode());
        assertTrue(sealing.sealer(new ChainId("test", "no-such-chain")).isEmpty());
        DirectoryStore store = new DirectoryStore(config.dataDir().resolve("store"));

        ChainReport report = await().atMost(Duration.ofSeconds(30)).until(
                () -> new ChainVerifier(store, CHAIN, verifier).verifyAll(), r -> r.records() == 150);
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        // maxRecords is 100: at least two seals, linked.
        assertTrue(report.verified().size() >= 2, "seals: " + report.verified().size());

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("auditseal_sealed_records_total{chain=\"test/sealed\"}"));
    }
}
