package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditseal.chain.RedactionRules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes secret values out of an audit event before it is durable. With a policy that logs Secrets at Request or
 * RequestResponse, kube-apiserver puts their values into {@code requestObject}/{@code responseObject}; seals are kept
 * where nobody can delete them, and everyone who may read the bucket could then read them, the chain's own signing
 * key included (the operator's reads of its Secret are audited too). Removed, always:
 * <ul>
 *   <li>core/v1 {@code secrets}: every value of {@code data} and {@code stringData} and the
 *       last-applied-configuration annotation, in the request, the response and each item of a list, and every
 *       {@code value} a JSON patch of a Secret writes;</li>
 *   <li>{@code serviceaccounts/token} (TokenRequest): the token in the response's {@code status};</li>
 *   <li>{@code tokenreviews}: the token in {@code spec}, request and response.</li>
 * </ul>
 * A chain that turns these off ({@code spec.redaction.builtIn: false}) still has them in the namespaces that hold the
 * sink's own key material, and TokenReview tokens (anyone's, the sink's included) removed everywhere: see
 * {@link Redaction}.
 * Values become {@value SecretRedaction#REDACTED}; keys stay, since who touched which key is the audit fact. The
 * event then carries {@code "auditseal.io/redacted"}: the paths replaced. Only events naming one of these resources
 * are parsed at all (the framer reads each event's objectRef, see {@link ObjectRef}); a redacted event is written anew (compact JSON, numbers kept exactly), so it is no longer the
 * apiserver's bytes, as it must not be.
 */
final class EventRedaction {

    /** The member added to a redacted event; a name no audit Event field can have. */
    static final String REDACTED_MEMBER = "auditseal.io/redacted";

    /** Reads and writes redacted records with numbers kept exactly (no detour through double). */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(FramingJson.MAX_NESTING_DEPTH)
                            .maxStringLength(StrictJson.MAX_STRING_LENGTH)
                            .maxNumberLength(StrictJson.MAX_STRING_LENGTH).build())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventRedaction() {
    }

    /**
     * Whether an event about {@code ref} must be parsed to redact it: a built-in rule applies to it, or one of the
     * chain's own rules.
     */
    static boolean applies(ObjectRef ref, Redaction redaction) {
        return redaction.applies(ref);
    }

    /**
     * The event with its secret values (and what the chain's rules name) removed, or empty when nothing applies to
     * it. Only an event whose framed objectRef {@link #applies} is parsed.
     *
     * @throws IngestProblem when an event about one of them cannot be read as a JSON object: it is refused rather
     *                       than sealed with what it may carry
     */
    static Optional<byte[]> redact(EventItem event, Redaction redaction) {
        return applies(event.objectRef(), redaction) ? redact(event.raw(), redaction) : Optional.empty();
    }

    /** As {@link #redact(EventItem, Redaction)} with the built-in rules alone, deciding from the parsed event. */
    static Optional<byte[]> redact(byte[] event) {
        return redact(event, Redaction.BUILT_IN);
    }

    /** As {@link #redact(EventItem, Redaction)}, deciding from the parsed event itself. */
    static Optional<byte[]> redact(byte[] event, Redaction redaction) {
        ObjectNode root;
        try {
            if (!(JSON.readTree(event) instanceof ObjectNode object)) {
                return Optional.empty();
            }
            root = object;
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "an event that redaction applies to cannot be read "
                    + "to redact it: " + e.getMessage());
        }
        JsonNode refNode = root.path("objectRef");
        ObjectRef ref = new ObjectRef(refNode.path("apiGroup").asText(""), refNode.path("resource").asText(""),
                refNode.path("subresource").asText(""), refNode.path("namespace").asText(""));
        List<String> removed = new ArrayList<>();
        if (ref.secrets() && redaction.builtInApplies(ref)) {
            for (String side : new String[] {"requestObject", "responseObject"}) {
                JsonNode object = root.path(side);
                if (object instanceof ArrayNode jsonPatch) {
                    // A JSON patch (RFC 6902) of a Secret: whatever an operation writes may be a value.
                    for (int i = 0; i < jsonPatch.size(); i++) {
                        replace(jsonPatch.get(i), "value", side + "[" + i + "].value", removed);
                    }
                    continue;
                }
                if (covers(redaction, ref, object)) {
                    SecretRedaction.redactSecret(object, side, removed);
                }
                if (object.path("items") instanceof ArrayNode items) {
                    for (int i = 0; i < items.size(); i++) {
                        if (covers(redaction, ref, items.get(i))) {
                            SecretRedaction.redactSecret(items.get(i), side + ".items[" + i + "]", removed);
                        }
                    }
                }
            }
        } else if (ref.tokenRequest() && redaction.builtInApplies(ref)) {
            replace(root.path("responseObject").path("status"), "token", "responseObject.status.token", removed);
        } else if (ref.tokenReview()) {
            replace(root.path("requestObject").path("spec"), "token", "requestObject.spec.token", removed);
            replace(root.path("responseObject").path("spec"), "token", "responseObject.spec.token", removed);
        }
        for (RedactionRules.Rule rule : redaction.matching(ref)) {
            applyRule(root, rule, new String[] {"requestObject", "responseObject"}, removed);
        }
        if (removed.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode paths = root.putArray(REDACTED_MEMBER);
        removed.forEach(paths::add);
        try {
            return Optional.of(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException("logic error: a tree read as JSON writes as JSON", e);
        }
    }

    /**
     * Whether the built-in rules cover a Secret-shaped {@code object} of an event about {@code ref}: by the event's
     * namespace, or for a request across all namespaces (a list of every Secret) by the object's own.
     */
    private static boolean covers(Redaction redaction, ObjectRef ref, JsonNode object) {
        String namespace = ref.namespace().isEmpty() ? object.path("metadata").path("namespace").asText("")
                : ref.namespace();
        return redaction.coversNamespace(namespace);
    }

    /**
     * Applies a chain's rule to the objects under {@code sides} of {@code root} (and to each item of a list; a JSON
     * patch has every value it writes replaced), adding each path replaced to {@code removed}.
     */
    static void applyRule(JsonNode root, RedactionRules.Rule rule, String[] sides, List<String> removed) {
        for (String side : sides) {
            JsonNode object = root.path(side);
            if (object instanceof ArrayNode jsonPatch) {
                for (int i = 0; i < jsonPatch.size(); i++) {
                    replace(jsonPatch.get(i), "value", side + "[" + i + "].value", removed);
                }
                continue;
            }
            for (List<String> path : rule.paths()) {
                redactPath(object, path, side, removed);
                if (object.path("items") instanceof ArrayNode items) {
                    for (int i = 0; i < items.size(); i++) {
                        redactPath(items.get(i), path, side + ".items[" + i + "]", removed);
                    }
                }
            }
        }
    }

    /** A rule's path: an object's values are each replaced (its keys stay), any other value is replaced. */
    private static void redactPath(JsonNode object, List<String> path, String prefix, List<String> removed) {
        JsonNode parent = object;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent = parent.path(segment);
        }
        String last = path.get(path.size() - 1);
        String where = prefix + "." + String.join(".", path);
        if (parent.path(last) instanceof ObjectNode values) {
            List<String> names = new ArrayList<>();
            values.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                replace(values, name, where + "." + name, removed);
            }
        } else {
            replace(parent, last, where, removed);
        }
    }

    private static void replace(JsonNode parent, String field, String path, List<String> removed) {
        if (parent instanceof ObjectNode object && object.has(field)) {
            object.put(field, SecretRedaction.REDACTED);
            removed.add(path);
        }
    }
}
