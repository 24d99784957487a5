package io.auditseal.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The record for an audit event larger than the sink's record limit: an {@code auditseal.io/v1alpha1 OversizeRecord}
 * holding the event's small members (who, what, when, the outcome), the names of the members left out, the event's
 * full size and the SHA-256 of its exact bytes, so the leaf still commits to everything the apiserver sent
 * (docs/FORMAT.md). The digest is left out for an event that may carry secret values: a hash of them could be
 * brute-forced.
 *
 * <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"OversizeRecord","limit":8388608,"size":31457280,
 *  "sha256":"...","omitted":["requestObject","responseObject"],"event":{"auditID":"...",...}}</pre>
 */
public final class OversizeRecord {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KIND = "OversizeRecord";
    private static final String HEAD = "{\"apiVersion\":\"auditseal.io/v1alpha1\",";
    /** How the record starts as written ({@link #wrap}) and as a leaf (canonical form sorts the members). */
    private static final List<String> PREFIXES = List.of(HEAD + "\"kind\":\"" + KIND + "\"", HEAD + "\"event\":");

    private OversizeRecord() {
    }

    /**
     * The record (not yet canonical: {@code event} is kept as received) for an event of {@code size} bytes over
     * {@code limit}, with {@code event} its kept members as a JSON object; {@code sha256} may be empty.
     */
    public static byte[] wrap(byte[] event, long limit, long size, Optional<byte[]> sha256, List<String> omitted) {
        StringBuilder head = new StringBuilder(PREFIXES.get(0))
                .append(",\"limit\":").append(limit)
                .append(",\"size\":").append(size);
        sha256.ifPresent(d -> head.append(",\"sha256\":\"").append(HexFormat.of().formatHex(d)).append('"'));
        try {
            // Member names may hold anything a sender chose: written by Jackson, escaped.
            head.append(",\"omitted\":").append(JSON.writeValueAsString(omitted));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("logic error: a list of strings writes as JSON", e);
        }
        head.append(",\"event\":");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + event.length + 1);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(event);
        out.write('}');
        return out.toByteArray();
    }

    /** The kept event of an OversizeRecord leaf (canonical or not), or empty when {@code leaf} is another record. */
    public static Optional<byte[]> event(byte[] leaf) {
        // Cheap filter before parsing.
        String start = new String(leaf, 0, Math.min(leaf.length, 128), StandardCharsets.ISO_8859_1);
        if (PREFIXES.stream().noneMatch(start::startsWith)) {
            return Optional.empty();
        }
        try {
            JsonNode record = JSON.readTree(leaf);
            JsonNode event = record.path("event");
            return KIND.equals(record.path("kind").asText()) && event.isObject()
                    ? Optional.of(JSON.writeValueAsBytes(event)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
