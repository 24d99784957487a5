package io.auditseal.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The leaf for a journaled record that does not canonicalise: an {@code auditseal.io/v1alpha1 UncanonicalRecord}
 * holding the record's bytes in base64 and the reason, so that nothing acknowledged is ever dropped and the leaf
 * still commits to exactly what was received (docs/FORMAT.md).
 */
public final class UncanonicalRecord {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Canonical form sorts the members, so every UncanonicalRecord leaf starts with these bytes. */
    private static final byte[] LEAF_PREFIX =
            "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"UncanonicalRecord\",\"raw\":\""
                    .getBytes(StandardCharsets.UTF_8);

    private UncanonicalRecord() {
    }

    /** The canonical JSON of the wrapper around {@code raw}. */
    public static byte[] wrap(byte[] raw, String reason) {
        return wrap(raw, reason, false);
    }

    /** The same, with the {@link ReusedAuditId} mark when {@code reusedAuditId}. */
    public static byte[] wrap(byte[] raw, String reason, boolean reusedAuditId) {
        ObjectNode wrapper = JSON.createObjectNode()
                .put("apiVersion", "auditseal.io/v1alpha1")
                .put("kind", "UncanonicalRecord")
                .put("raw", Base64.getEncoder().encodeToString(raw))
                .put("reason", reason);
        if (reusedAuditId) {
            wrapper.put(ReusedAuditId.MEMBER, true);
        }
        try {
            // As a String first: a lone surrogate in the reason becomes '?' in UTF-8 rather than an error.
            return RecordCanonicalizer.canonicalize(JSON.writeValueAsString(wrapper).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidRecordException | JsonProcessingException e) {
            throw new IllegalStateException("logic error: the wrapper is built as valid JSON", e);
        }
    }

    /** The exact bytes an UncanonicalRecord leaf keeps, or empty when {@code leaf} is another record. */
    public static Optional<byte[]> unwrap(byte[] leaf) {
        if (leaf.length < LEAF_PREFIX.length
                || !Arrays.equals(leaf, 0, LEAF_PREFIX.length, LEAF_PREFIX, 0, LEAF_PREFIX.length)) {
            return Optional.empty();
        }
        try {
            JsonNode raw = JSON.readTree(leaf).get("raw");
            return raw == null || !raw.isTextual() ? Optional.empty()
                    : Optional.of(Base64.getDecoder().decode(raw.asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
