package io.auditseal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UncanonicalRecordTest {

    @Test
    void wrap_rawBytesAndReason_isCanonicalJsonThatKeepsBoth() throws Exception {
        byte[] raw = "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
        String reason = "duplicate name \"a\" \\ at\n offset 7\u0001";
        byte[] wrapped = UncanonicalRecord.wrap(raw, reason);

        // Byte for byte what docs/FORMAT.md describes: sorted names, JCS string escapes.
        String expected = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"UncanonicalRecord\",\"raw\":\""
                + Base64.getEncoder().encodeToString(raw)
                + "\",\"reason\":\"duplicate name \\\"a\\\" \\\\ at\\n offset 7\\u0001\"}";
        assertEquals(expected, new String(wrapped, StandardCharsets.UTF_8));
        assertArrayEquals(wrapped, RecordCanonicalizer.canonicalize(wrapped));
        JsonNode node = new ObjectMapper().readTree(wrapped);
        assertArrayEquals(raw, Base64.getDecoder().decode(node.get("raw").asText()));
        assertEquals(reason, node.get("reason").asText());
    }

    @Test
    void wrap_loneSurrogateInReason_becomesQuestionMark() {
        byte[] wrapped = UncanonicalRecord.wrap(new byte[] {(byte) 0xff}, "bad \ud800 here");
        assertEquals("{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"UncanonicalRecord\",\"raw\":\"/w==\","
                + "\"reason\":\"bad ? here\"}", new String(wrapped, StandardCharsets.UTF_8));
    }
}
