package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an {@code audit.k8s.io} {@code EventList} as kube-apiserver's webhook sends it, in one streaming pass: checks
 * the kind, finds each item's byte range and its {@code auditID} and {@code stage}, and copies the item's bytes
 * untouched. No object tree is built: canonicalisation happens later, off the request path.
 *
 * <p>Refuses only what makes the batch unreadable as a whole: not JSON, a repeated member of the EventList itself,
 * the wrong kind, no items array, an item that is not an object or has no (or a repeated) {@code auditID} or
 * {@code stage}. What an item holds below its own members is never a reason: one odd patch body must not cost the
 * batch's other events (see {@link FramingJson}).
 *
 * <pre>
 * {"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[{...,"auditID":"...","stage":"..."},...]}
 * </pre>
 */
public final class EventListParser {

    static final String KIND = "EventList";
    static final Set<String> API_VERSIONS = Set.of("audit.k8s.io/v1", "audit.k8s.io/v1beta1");

    private EventListParser() {
    }

    /** The batch's events in order. Throws {@link IngestProblem} naming the first thing wrong; nothing is partial. */
    public static List<EventItem> parse(byte[] body) {
        try (JsonParser parser = FramingJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IngestProblem(RejectReason.WRONG_KIND, "body is not a JSON object; want an " + KIND);
            }
            String kind = null;
            String apiVersion = null;
            List<EventItem> items = List.of();
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (!seen.add(field)) {
                    throw new IngestProblem(RejectReason.MALFORMED_JSON, "the EventList has member \"" + field
                            + "\" twice: which one the sender meant cannot be known");
                }
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "kind" -> kind = textOrNull(parser, value);
                    case "apiVersion" -> apiVersion = textOrNull(parser, value);
                    case "items" -> items = readItems(parser, body, value);
                    default -> FramingJson.skipValue(parser);
                }
            }
            if (parser.nextToken() != null) {
                throw new IngestProblem(RejectReason.MALFORMED_JSON, "malformed JSON: content after the EventList object");
            }
            if (!KIND.equals(kind) || !API_VERSIONS.contains(apiVersion)) {
                throw new IngestProblem(RejectReason.WRONG_KIND, "body is kind " + kind + " apiVersion " + apiVersion
                        + "; want kind " + KIND + " with apiVersion audit.k8s.io/v1 or audit.k8s.io/v1beta1");
            }
            return items;
        } catch (JsonProcessingException e) {
            throw StrictJson.malformed(e);
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "unreadable body: " + e.getMessage());
        }
    }

    private static List<EventItem> readItems(JsonParser parser, byte[] body, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token != JsonToken.START_ARRAY) {
            throw new IngestProblem(RejectReason.WRONG_KIND, "items is not an array");
        }
        List<EventItem> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readItem(parser, body, items.size()));
        }
        return items;
    }

    private static EventItem readItem(JsonParser parser, byte[] body, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] is not an object");
        }
        long start = parser.currentTokenLocation().getByteOffset();
        String auditId = null;
        String stage = null;
        ObjectRef objectRef = ObjectRef.NONE;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("objectRef")) {
                // A repeated objectRef: the last one counts, as for the parse that redacts (Jackson's tree).
                objectRef = readObjectRef(parser, value);
            } else if (field.equals("auditID") || field.equals("stage")) {
                // kube-apiserver writes an event's own members once; a repeat would make its identity ambiguous.
                if ((field.equals("auditID") ? auditId : stage) != null) {
                    throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] has member " + field
                            + " twice");
                }
                String text = textOrNull(parser, value);
                if (field.equals("auditID")) {
                    auditId = text == null ? "" : text;
                } else {
                    stage = text == null ? "" : text;
                }
            } else {
                FramingJson.skipValue(parser);
            }
        }
        long end = parser.currentLocation().getByteOffset();
        if (auditId == null || auditId.isEmpty()) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] has no auditID string");
        }
        if (stage == null || stage.isEmpty()) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] (auditID " + auditId
                    + ") has no stage string");
        }
        return new EventItem(auditId, stage, objectRef, Arrays.copyOfRange(body, (int) start, (int) end));
    }

    /** The objectRef's group, resource and subresource strings; anything else in it is walked past. */
    private static ObjectRef readObjectRef(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            FramingJson.skipValue(parser);
            return ObjectRef.NONE;
        }
        String apiGroup = "";
        String resource = "";
        String subresource = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken member = parser.nextToken();
            switch (field) {
                case "apiGroup" -> apiGroup = textOrEmpty(parser, member);
                case "resource" -> resource = textOrEmpty(parser, member);
                case "subresource" -> subresource = textOrEmpty(parser, member);
                default -> FramingJson.skipValue(parser);
            }
        }
        return new ObjectRef(apiGroup, resource, subresource);
    }

    private static String textOrEmpty(JsonParser parser, JsonToken value) throws IOException {
        String text = textOrNull(parser, value);
        return text == null ? "" : text;
    }

    /** The string value, or null when the value is not a string (after walking past it). */
    private static String textOrNull(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        FramingJson.skipValue(parser);
        return null;
    }
}
