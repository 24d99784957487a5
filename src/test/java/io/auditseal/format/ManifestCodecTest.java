package io.auditseal.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestCodecTest {

    private static final String H = "ab".repeat(32);

    static SealManifest sample() {
        return new SealManifest("prod/a", "auditseal/prod/a", 3, 10, 15, 5,
                Instant.parse("2026-11-26T10:00:00.123456Z"), Instant.parse("2026-11-26T10:00:01Z"),
                new SealManifest.EventsObject(SealLayout.eventsKey(3), H, 1234), H, H, List.of(H, H),
                SealManifest.NO_PREVIOUS_MANIFEST, "auditseal/prod/a\n15\nq80=\n\n\u2014 auditseal/prod/a AAAA\n",
                Instant.parse("2026-11-26T10:00:02Z"));
    }

    @Test
    void encode_isCanonicalJsonWithSortedKeysAndNoNewline() {
        String json = new String(ManifestCodec.encode(sample()), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"apiVersion\":\"auditseal.io/v1alpha1\",\"batchRoot\":"), json);
        assertTrue(json.contains("\"firstTimestamp\":\"2026-11-26T10:00:00.123456Z\""), json);
        assertTrue(json.contains("\"createdAt\":\"2026-11-26T10:00:02.000000Z\""), json);
        assertTrue(json.endsWith("}"));
    }

    @Test
    void decode_encoded_roundTrips() throws Exception {
        SealManifest manifest = sample();
        assertEquals(manifest, ManifestCodec.decode(ManifestCodec.encode(manifest)));
    }

    @Test
    void decode_anythingButTheCanonicalBytes_throws() {
        String json = new String(ManifestCodec.encode(sample()), StandardCharsets.UTF_8);
        List<String> variants = List.of(
                json + "\n",
                " " + json,
                json.replace("{\"apiVersion\"", "{\"extra\":1,\"apiVersion\""),
                json.replace("\"recordCount\":5", "\"recordCount\":\"5\""),
                json.replace("\"recordCount\":5", "\"recordCount\":-5"),
                json.replace("\"recordCount\":5", "\"recordCount\":5.5"),
                json.replace("\"kind\":\"SealManifest\"", "\"kind\":\"Other\""),
                json.replace("\"apiVersion\":\"auditseal.io/v1alpha1\"", "\"apiVersion\":\"auditseal.io/v2\""),
                json.replace("\"batchRoot\":\"" + H, "\"batchRoot\":\"" + H.toUpperCase()),
                json.replace("\"batchRoot\":\"" + H + "\",", ""),
                json.replace("10:00:00.123456Z", "10:00:00.123Z"),
                "[]",
                "not json");
        for (String variant : variants) {
            assertThrows(InvalidManifestException.class,
                    () -> ManifestCodec.decode(variant.getBytes(StandardCharsets.UTF_8)), variant);
        }
    }
}
