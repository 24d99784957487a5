package io.auditseal.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The leaf for a journaled record that does not canonicalise (ingest accepts only JSON that does, so this is a last
 * line of defence): an {@code auditseal.io/v1alpha1 UncanonicalRecord} holding the record's bytes in base64 and the
 * reason, so that nothing acknowledged is ever dropped (docs/FORMAT.md).
 */
public final class UncanonicalRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UncanonicalRecord() {
    }

    /** The canonical JSON of the wrapper around {@code raw}. */
    public static byte[] wrap(byte[] raw, String reason) {
        ObjectNode wrapper = JSON.createObjectNode()
                .put("apiVersion", "auditseal.io/v1alpha1")
                .put("kind", "UncanonicalRecord")
                .put("raw", Base64.getEncoder().encodeToString(raw))
                .put("reason", reason);
        try {
            // As a String first: a lone surrogate in the reason becomes '?' in UTF-8 rather than an error.
            return RecordCanonicalizer.canonicalize(JSON.writeValueAsString(wrapper).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidRecordException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("logic error: the wrapper is built as valid JSON", e);
        }
    }

    /** The exact bytes an UncanonicalRecord leaf keeps, or empty when {@code leaf} is another record. */
    public static java.util.Optional<byte[]> unwrap(byte[] leaf) {
        // Canonical form: the members in order, so an UncanonicalRecord leaf always starts like this.
        byte[] prefix = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"UncanonicalRecord\",\"raw\":\""
                .getBytes(StandardCharsets.UTF_8);
        if (leaf.length < prefix.length || !java.util.Arrays.equals(leaf, 0, prefix.length, prefix, 0, prefix.length)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Base64.getDecoder().decode(JSON.readTree(leaf).get("raw").asText()));
        } catch (java.io.IOException | IllegalArgumentException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }
}
