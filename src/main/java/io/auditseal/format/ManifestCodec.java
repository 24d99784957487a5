package io.auditseal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code manifest.json}: RFC 8785 canonical JSON, UTF-8, no trailing newline. Decoding accepts
 * only the exact bytes encoding would produce, so one manifest has one byte form and one digest.
 */
public final class ManifestCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ManifestCodec() {
    }

    public static byte[] encode(SealManifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", SealManifest.API_VERSION);
        root.put("kind", SealManifest.KIND);
        root.put("chain", m.chain());
        root.put("origin", m.origin());
        root.put("sequence", m.sequence());
        root.put("firstIndex", m.firstIndex());
        root.put("treeSize", m.treeSize());
        root.put("recordCount", m.recordCount());
        root.put("firstTimestamp", Timestamps.format(m.firstTimestamp()));
        root.put("lastTimestamp", Timestamps.format(m.lastTimestamp()));
        ObjectNode events = root.putObject("events");
        events.put("key", m.events().key());
        events.put("sha256", m.events().sha256());
        events.put("size", m.events().size());
        root.put("batchRoot", m.batchRoot());
        root.put("rootHash", m.rootHash());
        ArrayNode range = root.putArray("compactRange");
        m.compactRange().forEach(range::add);
        root.put("previousManifestSha256", m.previousManifestSha256());
        root.put("checkpoint", m.checkpoint());
        root.put("createdAt", Timestamps.format(m.createdAt()));
        try {
            return RecordCanonicalizer.canonicalize(JSON.writeValueAsBytes(root));
        } catch (IOException | InvalidRecordException e) {
            throw new IllegalStateException("logic error: a manifest built here must canonicalise", e);
        }
    }

    /** Parses manifest bytes, checking every field's presence, type and form. */
    public static SealManifest decode(byte[] bytes) throws InvalidManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidManifestException("manifest is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("manifest is not a JSON object");
        }
        Fields f = new Fields(root);
        f.requireText("apiVersion", SealManifest.API_VERSION);
        f.requireText("kind", SealManifest.KIND);
        JsonNode events = f.object("events");
        Fields e = new Fields(events);
        List<String> range = new ArrayList<>();
        for (JsonNode hash : f.array("compactRange")) {
            if (!hash.isTextual() || !HEX_SHA256.matcher(hash.asText()).matches()) {
                throw new InvalidManifestException("manifest field compactRange must hold 64-digit lowercase hex hashes");
            }
            range.add(hash.asText());
        }
        SealManifest manifest;
        try {
            manifest = new SealManifest(
                    f.text("chain"),
                    f.text("origin"),
                    f.count("sequence"),
                    f.count("firstIndex"),
                    f.count("treeSize"),
                    f.count("recordCount"),
                    Timestamps.parse(f.text("firstTimestamp")),
                    Timestamps.parse(f.text("lastTimestamp")),
                    new SealManifest.EventsObject(e.text("key"), e.sha256("sha256"), e.count("size")),
                    f.sha256("batchRoot"),
                    f.sha256("rootHash"),
                    range,
                    f.sha256("previousManifestSha256"),
                    f.text("checkpoint"),
                    Timestamps.parse(f.text("createdAt")));
        } catch (IllegalArgumentException ex) {
            throw new InvalidManifestException("manifest " + ex.getMessage());
        }
        if (!Arrays.equals(encode(manifest), bytes)) {
            throw new InvalidManifestException("manifest is not in canonical form or has unknown fields");
        }
        return manifest;
    }

    /** Typed access to one JSON object's fields, with errors naming the field. */
    private record Fields(JsonNode node) {

        JsonNode field(String name) throws InvalidManifestException {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidManifestException("manifest field " + name + " is missing");
            }
            return value;
        }

        String text(String name) throws InvalidManifestException {
            JsonNode value = field(name);
            if (!value.isTextual()) {
                throw new InvalidManifestException("manifest field " + name + " must be a string");
            }
            return value.asText();
        }

        void requireText(String name, String want) throws InvalidManifestException {
            String value = text(name);
            if (!value.equals(want)) {
                throw new InvalidManifestException("manifest field " + name + " is \"" + value + "\", want \"" + want + "\"");
            }
        }

        String sha256(String name) throws InvalidManifestException {
            String value = text(name);
            if (!HEX_SHA256.matcher(value).matches()) {
                throw new InvalidManifestException("manifest field " + name + " must be 64 lowercase hex digits");
            }
            return value;
        }

        long count(String name) throws InvalidManifestException {
            JsonNode value = field(name);
            // JCS writes integral doubles without a fraction, so Jackson may see an int, a long or a double.
            if (!value.isNumber() || value.asDouble() != Math.rint(value.asDouble()) || value.asDouble() < 0
                    || value.asDouble() > 9007199254740992.0) {
                throw new InvalidManifestException("manifest field " + name + " must be a whole number from 0 to 2^53");
            }
            return value.asLong();
        }

        JsonNode object(String name) throws InvalidManifestException {
            JsonNode value = field(name);
            if (!value.isObject()) {
                throw new InvalidManifestException("manifest field " + name + " must be an object");
            }
            return value;
        }

        JsonNode array(String name) throws InvalidManifestException {
            JsonNode value = field(name);
            if (!value.isArray()) {
                throw new InvalidManifestException("manifest field " + name + " must be an array");
            }
            return value;
        }
    }
}
