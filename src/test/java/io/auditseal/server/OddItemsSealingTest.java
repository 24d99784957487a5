package io.auditseal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainId;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One odd item no longer costs its batch: a merge patch with a duplicate name, logged raw by kube-apiserver, is
 * accepted with its neighbours and sealed as an UncanonicalRecord that keeps its exact bytes.
 */
@QuarkusTest
class OddItemsSealingTest {

    private static final ChainId CHAIN = new ChainId("test", "odd");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ServeConfig config;

    @Test
    void batchWithAnUncanonicalItem_isAccepted_andTheItemSealedWrappedWithItsExactBytes() throws Exception {
        String patchId = UUID.randomUUID().toString();
        String neighbourId = UUID.randomUUID().toString();
        String odd = "{\"auditID\":\"" + patchId + "\",\"stage\":\"ResponseComplete\",\"verb\":\"patch\","
                + "\"requestObject\":{\"metadata\":{\"labels\":{\"x\":\"1\",\"x\":\"2\"}}}}";
        String neighbour = "{\"auditID\":\"" + neighbourId + "\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}";
        given().header("Authorization", "Bearer s3cret-token-a").contentType(ContentType.JSON)
                .body("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + odd + "," + neighbour + "]}")
                .when().post("/v1/audit/test/odd").then().statusCode(200).body("accepted", equalTo(2));

        NoteVerifier verifier = NoteVerifier.parse(Files.readString(config.dataDir().resolve("keys").resolve("test-odd.vkey")));
        DirectoryStore store = new DirectoryStore(config.dataDir().resolve("store"));
        List<String> leaves = new ArrayList<>();
        ChainReport report = await().atMost(Duration.ofSeconds(30)).until(() -> {
            leaves.clear();
            return new ChainVerifier(store, CHAIN, verifier).verify(VerifyOptions.defaults(),
                    (index, line) -> leaves.add(new String(line, StandardCharsets.UTF_8)));
        }, r -> r.records() == 2);
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));

        JsonNode wrapper = JSON.readTree(leaves.get(0));
        assertEquals("UncanonicalRecord", wrapper.get("kind").asText());
        assertEquals(odd, new String(Base64.getDecoder().decode(wrapper.get("raw").asText()), StandardCharsets.UTF_8),
                "the leaf commits to the item exactly as sent");
        assertTrue(wrapper.get("reason").asText().contains("duplicate member name \"x\""), wrapper.get("reason").asText());
        assertEquals(neighbourId, JSON.readTree(leaves.get(1)).get("auditID").asText(), "its neighbour is sealed too");
    }
}
