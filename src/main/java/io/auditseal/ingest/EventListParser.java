package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an {@code audit.k8s.io} {@code EventList} as kube-apiserver's webhook sends it, in one streaming pass over the
 * body: checks the kind, finds each item's byte range and its {@code auditID} and {@code stage}, and hands the item's
 * bytes, untouched, to the caller as soon as the item is complete. No object tree is built (canonicalisation happens
 * later, off the request path) and the body is never held whole (see {@link ItemCapture}): an item larger than the
 * record limit is handed over as an {@link OversizeEvent} instead.
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

    /**
     * Of an item over the record limit, members up to this size are kept (an event's own fields: who, what, when,
     * the outcome); larger ones (the request and response objects, typically) are left out and named.
     */
    static final long MEMBER_LIMIT = 64 * 1024;

    private EventListParser() {
    }

    /** Receives each framed item, in order, while the body is still being read. */
    @FunctionalInterface
    public interface ItemHandler {

        /**
         * The next item. {@code eventList} is true once the batch's kind and apiVersion are read and right: until
         * then a later member may still turn the batch down. May throw {@link IngestProblem} to stop reading.
         */
        void item(EventItem item, boolean eventList);
    }

    /** The batch's events in order, with no record limit. Throws {@link IngestProblem} naming the first thing wrong. */
    public static List<EventItem> parse(byte[] body) {
        List<EventItem> items = new ArrayList<>();
        parse(new ByteArrayInputStream(body), Long.MAX_VALUE, (item, eventList) -> items.add(item));
        return items;
    }

    /**
     * Frames the EventList read from {@code body}, handing each item to {@code handler} as it completes; an item of
     * more than {@code recordLimit} bytes is handed over reduced (see {@link OversizeEvent}). Returns the number of
     * items. Throws {@link IngestProblem} naming the first thing wrong; items handed over before it stay handed over.
     */
    public static int parse(InputStream body, long recordLimit, ItemHandler handler) {
        return parse(new ItemCapture(body, recordLimit, MEMBER_LIMIT), handler);
    }

    static int parse(ItemCapture capture, ItemHandler handler) {
        try (JsonParser parser = FramingJson.parser(capture)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IngestProblem(RejectReason.WRONG_KIND, "body is not a JSON object; want an " + KIND);
            }
            String kind = null;
            String apiVersion = null;
            int items = 0;
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (!seen.add(field)) {
                    throw new IngestProblem(RejectReason.MALFORMED_JSON, "the EventList has member \"" + field
                            + "\" twice: which one the sender meant cannot be known");
                }
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "kind" -> kind = checked(field, textOrNull(parser, value), KIND::equals, kind, apiVersion);
                    case "apiVersion" -> apiVersion = checked(field, textOrNull(parser, value), API_VERSIONS::contains,
                            kind, apiVersion);
                    case "items" -> items = readItems(parser, capture, value, handler, kind != null && apiVersion != null);
                    default -> FramingJson.skipValue(parser);
                }
            }
            if (parser.nextToken() != null) {
                throw new IngestProblem(RejectReason.MALFORMED_JSON, "malformed JSON: content after the EventList object");
            }
            if (kind == null || apiVersion == null) {
                throw wrongKind(kind, apiVersion);
            }
            return items;
        } catch (JsonProcessingException e) {
            throw StrictJson.malformed(e);
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "unreadable body: " + e.getMessage());
        }
    }

    /** A kind or apiVersion as read, refused at once when it is not the one wanted. */
    private static String checked(String field, String text, java.util.function.Predicate<String> wanted,
                                  String kind, String apiVersion) {
        if (text == null || !wanted.test(text)) {
            throw field.equals("kind") ? wrongKind(text, apiVersion) : wrongKind(kind, text);
        }
        return text;
    }

    private static IngestProblem wrongKind(String kind, String apiVersion) {
        return new IngestProblem(RejectReason.WRONG_KIND, "body is kind " + kind + " apiVersion " + apiVersion
                + "; want kind " + KIND + " with apiVersion audit.k8s.io/v1 or audit.k8s.io/v1beta1");
    }

    private static int readItems(JsonParser parser, ItemCapture capture, JsonToken token, ItemHandler handler,
                                 boolean eventList) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new IngestProblem(RejectReason.WRONG_KIND, "items is not an array");
        }
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            handler.item(readItem(parser, capture, count), eventList);
            count++;
        }
        return count;
    }

    private static EventItem readItem(JsonParser parser, ItemCapture capture, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] is not an object");
        }
        long start = parser.currentTokenLocation().getByteOffset();
        if (start < 0) {
            // Jackson reads UTF-16 and UTF-32 through a Reader, without byte offsets.
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "body is not UTF-8 JSON");
        }
        capture.beginItem(start);
        String auditId = null;
        String stage = null;
        ObjectRef objectRef = ObjectRef.NONE;
        // Only an item that overflows needs its members one by one; for the others this is bookkeeping.
        Members members = new Members();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            long memberStart = parser.currentTokenLocation().getByteOffset();
            members.next(capture, memberStart);
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
            members.named(field);
        }
        long end = parser.currentLocation().getByteOffset();
        if (auditId == null || auditId.isEmpty()) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] has no auditID string");
        }
        if (stage == null || stage.isEmpty()) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "items[" + index + "] (auditID " + auditId
                    + ") has no stage string");
        }
        if (!capture.overflowed() && end - start <= capture.recordLimit()) {
            byte[] raw = capture.copy(start, end);
            capture.endItem();
            return new EventItem(auditId, stage, objectRef, raw);
        }
        members.next(capture, parser.currentTokenLocation().getByteOffset());
        OversizeEvent.Reduced reduced;
        byte[] sha256;
        if (capture.overflowed()) {
            reduced = members.reduced(capture.prefix(), start);
            sha256 = capture.endOverflowed(end);
        } else {
            // Over the limit by less than the parser's read-ahead: still all held.
            byte[] all = capture.copy(start, end);
            reduced = members.reduced(all, start);
            sha256 = ItemCapture.sha256().digest(all);
            capture.endItem();
        }
        return new EventItem(auditId, stage, objectRef, reduced.event(),
                new OversizeEvent(end - start, sha256, reduced.omitted()));
    }

    /**
     * An item's members as far as an overflow needs them: where each starts and its name, and, once the item has
     * overflowed, the bytes of each later member small enough to keep.
     */
    private static final class Members {
        private long[] starts = new long[32];
        private final List<String> names = new ArrayList<>(32);
        // Set on the first member completed after the overflow: the members before it are in the prefix.
        private int firstAfter = -1;
        private List<byte[]> keptAfter;
        private List<String> omittedAfter;

        /** A member (or the item's closing brace) starts at {@code start}: the one before it is complete. */
        void next(ItemCapture capture, long start) {
            int count = names.size();
            if (count > 0 && capture.overflowed()) {
                if (firstAfter < 0) {
                    firstAfter = count - 1;
                    keptAfter = new ArrayList<>();
                    omittedAfter = new ArrayList<>();
                }
                byte[] member = capture.keptMember(start);
                if (member == null) {
                    omittedAfter.add(names.get(count - 1));
                } else {
                    keptAfter.add(member);
                }
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count] = start;
            capture.beginMember(start);
        }

        /** The member that started last is called {@code name}. */
        void named(String name) {
            names.add(name);
        }

        /**
         * Of an overflowed item starting at {@code itemStart}: its kept members as one JSON object (those of the
         * prefix that are small enough, then those kept after the overflow), and the names of those left out.
         */
        OversizeEvent.Reduced reduced(byte[] prefix, long itemStart) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> omitted = new ArrayList<>();
            out.write('{');
            // Without an overflow every member is in the prefix (the whole item).
            int inPrefix = firstAfter < 0 ? names.size() : firstAfter;
            for (int i = 0; i < inPrefix; i++) {
                int from = Math.toIntExact(starts[i] - itemStart);
                int to = Math.toIntExact(starts[i + 1] - itemStart);
                if (to - from > MEMBER_LIMIT) {
                    omitted.add(names.get(i));
                } else {
                    append(out, prefix, from, to);
                }
            }
            if (firstAfter >= 0) {
                for (byte[] member : keptAfter) {
                    append(out, member, 0, member.length);
                }
                omitted.addAll(omittedAfter);
            }
            out.write('}');
            return new OversizeEvent.Reduced(out.toByteArray(), omitted);
        }

        /** Appends a member, without the separator and whitespace that follow it (no JSON value ends with them). */
        private static void append(ByteArrayOutputStream out, byte[] bytes, int from, int to) {
            int end = to;
            while (end > from && (bytes[end - 1] == ',' || bytes[end - 1] == ' ' || bytes[end - 1] == '\n'
                    || bytes[end - 1] == '\r' || bytes[end - 1] == '\t')) {
                end--;
            }
            if (out.size() > 1) {
                out.write(',');
            }
            out.write(bytes, from, end - from);
        }
    }

    /** The objectRef's group, resource, subresource and namespace strings; anything else in it is walked past. */
    private static ObjectRef readObjectRef(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            FramingJson.skipValue(parser);
            return ObjectRef.NONE;
        }
        String apiGroup = "";
        String resource = "";
        String subresource = "";
        String namespace = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken member = parser.nextToken();
            switch (field) {
                case "apiGroup" -> apiGroup = textOrEmpty(parser, member);
                case "resource" -> resource = textOrEmpty(parser, member);
                case "subresource" -> subresource = textOrEmpty(parser, member);
                case "namespace" -> namespace = textOrEmpty(parser, member);
                default -> FramingJson.skipValue(parser);
            }
        }
        return new ObjectRef(apiGroup, resource, subresource, namespace);
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
