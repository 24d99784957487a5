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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Values become {@value SecretRedaction#REDACTED}; keys stay, since who touched which key is the audit fact. The
 * event then carries {@code "auditseal.io/redacted"}: the paths replaced. Only events naming one of these resources
 * are parsed at all; a redacted event is written anew (compact JSON, numbers kept exactly), so it is no longer the
 * apiserver's bytes, as it must not be.
 */
final class EventRedaction {

    /** The member added to a redacted event; a name no audit Event field can have. */
    static final String REDACTED_MEMBER = "auditseal.io/redacted";

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(FramingJson.MAX_NESTING_DEPTH)
                            .maxStringLength(StrictJson.MAX_STRING_LENGTH)
                            .maxNumberLength(StrictJson.MAX_STRING_LENGTH).build())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final byte[][] CANDIDATES = {bytes("secrets"), bytes("token")};

    private EventRedaction() {
    }

    /**
     * The event with its secret values removed, or empty when it holds none of the resources above.
     *
     * @throws IngestProblem when an event about one of them cannot be read as a JSON object: it is refused rather
     *                       than sealed with what it may carry
     */
    static Optional<byte[]> redact(byte[] event) {
        if (!mayConcernSecrets(event)) {
            return Optional.empty();
        }
        ObjectNode root;
        try {
            if (!(JSON.readTree(event) instanceof ObjectNode object)) {
                return Optional.empty();
            }
            root = object;
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "an event about secrets or tokens cannot be read to "
                    + "redact it: " + e.getMessage());
        }
        JsonNode ref = root.path("objectRef");
        String group = ref.path("apiGroup").asText("");
        String resource = ref.path("resource").asText("");
        String subresource = ref.path("subresource").asText("");
        List<String> removed = new ArrayList<>();
        if (group.isEmpty() && resource.equals("secrets") && subresource.isEmpty()) {
            for (String side : new String[] {"requestObject", "responseObject"}) {
                JsonNode object = root.path(side);
                if (object instanceof ArrayNode jsonPatch) {
                    // A JSON patch (RFC 6902) of a Secret: whatever an operation writes may be a value.
                    for (int i = 0; i < jsonPatch.size(); i++) {
                        replace(jsonPatch.get(i), "value", side + "[" + i + "].value", removed);
                    }
                    continue;
                }
                SecretRedaction.redactSecret(object, side, removed);
                if (object.path("items") instanceof ArrayNode items) {
                    for (int i = 0; i < items.size(); i++) {
                        SecretRedaction.redactSecret(items.get(i), side + ".items[" + i + "]", removed);
                    }
                }
            }
        } else if (group.isEmpty() && resource.equals("serviceaccounts") && subresource.equals("token")) {
            replace(root.path("responseObject").path("status"), "token", "responseObject.status.token", removed);
        } else if (group.equals("authentication.k8s.io") && resource.equals("tokenreviews")) {
            replace(root.path("requestObject").path("spec"), "token", "requestObject.spec.token", removed);
            replace(root.path("responseObject").path("spec"), "token", "responseObject.spec.token", removed);
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

    private static void replace(JsonNode parent, String field, String path, List<String> removed) {
        if (parent instanceof ObjectNode object && object.has(field)) {
            object.put(field, SecretRedaction.REDACTED);
            removed.add(path);
        }
    }

    /** A cheap look before any parse: an event about these resources names them. */
    private static boolean mayConcernSecrets(byte[] event) {
        for (byte[] candidate : CANDIDATES) {
            if (indexOf(event, candidate) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
