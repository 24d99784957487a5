package io.auditseal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.RecordCanonicalizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventListParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parse_realApiserverBatch_keepsEveryItemByteForByte() throws Exception {
        byte[] body = Fixtures.read(Fixtures.APISERVER_EVENTLIST);
        List<EventItem> items = EventListParser.parse(body);

        JsonNode tree = JSON.readTree(body).get("items");
        assertEquals(tree.size(), items.size());
        for (int i = 0; i < items.size(); i++) {
            EventItem item = items.get(i);
            assertEquals(tree.get(i).get("auditID").asText(), item.auditId());
            assertEquals(tree.get(i).get("stage").asText(), item.stage());
            // The slice is the item itself: it parses to the same value and canonicalises the same way.
            assertEquals(tree.get(i), JSON.readTree(item.raw()));
            assertArrayEquals(RecordCanonicalizer.canonicalize(JSON.writeValueAsBytes(tree.get(i))),
                    RecordCanonicalizer.canonicalize(item.raw()));
            assertTrue(new String(body, StandardCharsets.UTF_8).contains(new String(item.raw(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void parse_v1beta1AndEmptyItems_areAccepted() {
        assertEquals(0, EventListParser.parse(bytes("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"items\":[]}")).size());
        assertEquals(0, EventListParser.parse(bytes("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":null}")).size());
    }

    @Test
    void parse_wrongKindOrVersion_isWrongKindNamingWhatWasExpected() {
        IngestProblem kind = assertThrows(IngestProblem.class, () ->
                EventListParser.parse(bytes("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}")));
        assertEquals(RejectReason.WRONG_KIND, kind.reason());
        assertTrue(kind.getMessage().contains("want kind EventList"), kind.getMessage());
        IngestProblem version = assertThrows(IngestProblem.class, () ->
                EventListParser.parse(bytes("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v2\",\"items\":[]}")));
        assertEquals(RejectReason.WRONG_KIND, version.reason());
        assertEquals(RejectReason.WRONG_KIND, assertThrows(IngestProblem.class, () -> EventListParser.parse(bytes("[]"))).reason());
    }

    @Test
    void parse_itemWithoutAuditIdOrStage_rejectsTheWholeBatch() {
        String noId = Fixtures.eventList("a", "ResponseComplete").replace("\"auditID\":\"a\",", "");
        IngestProblem problem = assertThrows(IngestProblem.class, () -> EventListParser.parse(bytes(noId)));
        assertEquals(RejectReason.INVALID_ITEM, problem.reason());
        assertTrue(problem.getMessage().contains("items[0]"), problem.getMessage());
        String noStage = Fixtures.eventList("a", "ResponseComplete", "b", "ResponseComplete")
                .replace("\"auditID\":\"b\",\"stage\":\"ResponseComplete\"", "\"auditID\":\"b\"");
        IngestProblem second = assertThrows(IngestProblem.class, () -> EventListParser.parse(bytes(noStage)));
        assertTrue(second.getMessage().contains("items[1]") && second.getMessage().contains("stage"), second.getMessage());
        String numericId = Fixtures.eventList("a", "ResponseComplete").replace("\"auditID\":\"a\"", "\"auditID\":7");
        assertEquals(RejectReason.INVALID_ITEM, assertThrows(IngestProblem.class, () -> EventListParser.parse(bytes(numericId))).reason());
    }

    @Test
    void parse_malformedJson_namesThePosition() {
        String broken = "{\"kind\":\"EventList\",\n\"apiVersion\":\"audit.k8s.io/v1\",\n\"items\":[{\"auditID\":\"a\",}]}";
        IngestProblem problem = assertThrows(IngestProblem.class, () -> EventListParser.parse(bytes(broken)));
        assertEquals(RejectReason.MALFORMED_JSON, problem.reason());
        assertTrue(problem.getMessage().contains("line 3, column"), problem.getMessage());
    }

    @Test
    void parse_itemsThatCannotBeCanonicalised_areFramedWithTheirBytesKept() {
        // All valid JSON to Go's json.Valid, so kube-apiserver logs them raw inside a patch's requestObject.
        List<String> odd = List.of("\"verb\":\"list\",\"verb\":\"get\"", "\"n\":1e400", "\"n\":" + "9".repeat(200),
                "\"deep\":" + "[".repeat(5000) + "]".repeat(5000), "\"s\":\"\\ud800\"",
                "\"requestObject\":{\"metadata\":{\"labels\":{\"x\":\"1\",\"x\":\"2\"}}}");
        for (String member : odd) {
            String body = Fixtures.eventList("a", "ResponseComplete", "b", "ResponseComplete")
                    .replaceFirst("\"verb\":\"list\"", java.util.regex.Matcher.quoteReplacement(member));
            List<EventItem> items = EventListParser.parse(bytes(body));
            assertEquals(2, items.size(), member);
            assertTrue(new String(items.get(0).raw(), StandardCharsets.UTF_8).contains(member), member);
            assertEquals("b", items.get(1).auditId(), "the odd item's neighbour is kept too");
        }
    }

    @Test
    void parse_unreadableAsAWhole_isMalformed() {
        List<String> bodies = List.of(
                Fixtures.eventList("a", "ResponseComplete") + " trailing",
                Fixtures.eventList("a", "ResponseComplete").substring(10),
                // Deeper than Go's encoding/json ever produces.
                Fixtures.eventList("a", "ResponseComplete").replace("\"verb\":\"list\"",
                        "\"deep\":" + "[".repeat(FramingJson.MAX_NESTING_DEPTH + 1) + "]".repeat(FramingJson.MAX_NESTING_DEPTH + 1)));
        for (String body : bodies) {
            IngestProblem problem = assertThrows(IngestProblem.class, () -> EventListParser.parse(bytes(body)),
                    body.substring(0, Math.min(body.length(), 200)));
            assertTrue(problem.reason() == RejectReason.MALFORMED_JSON || problem.reason() == RejectReason.WRONG_KIND,
                    problem.reason() + ": " + problem.getMessage());
        }
    }

    @Test
    void parse_invalidUtf8_isMalformed() {
        byte[] body = bytes(Fixtures.eventList("a", "ResponseComplete").replace("test", "t\u00e9st"));
        // Replace the 2-byte UTF-8 of é with an invalid lead byte followed by ASCII.
        for (int i = 0; i < body.length - 1; i++) {
            if ((body[i] & 0xff) == 0xc3 && (body[i + 1] & 0xff) == 0xa9) {
                body[i] = (byte) 0xc3;
                body[i + 1] = 'x';
            }
        }
        assertEquals(RejectReason.MALFORMED_JSON, assertThrows(IngestProblem.class, () -> EventListParser.parse(body)).reason());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String eventList(String items) {
        return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}";
    }

    @Test
    void parse_duplicateNameInsideAnItem_isFramed_butARepeatedIdentityOrEventListMemberIsRefused() {
        StringBuilder wide = new StringBuilder("{\"auditID\":\"w\",\"stage\":\"ResponseComplete\",\"m\":{");
        for (int i = 0; i < 40; i++) {
            wide.append("\"k").append(i).append("\":").append(i).append(',');
        }
        wide.append("\"k7\":0}}");
        for (String items : new String[] {
                "{\"auditID\":\"a\",\"stage\":\"ResponseComplete\",\"user\":{\"groups\":[{\"n\":1,\"n\":2}]}}",
                wide.toString()}) {
            assertEquals(1, EventListParser.parse(eventList(items).getBytes(StandardCharsets.UTF_8)).size(), items);
        }
        for (String items : new String[] {
                "{\"auditID\":\"a\",\"stage\":\"ResponseComplete\",\"stage\":\"RequestReceived\"}",
                "{\"auditID\":\"a\",\"auditID\":\"b\",\"stage\":\"ResponseComplete\"}"}) {
            IngestProblem problem = assertThrows(IngestProblem.class,
                    () -> EventListParser.parse(eventList(items).getBytes(StandardCharsets.UTF_8)), items);
            assertEquals(RejectReason.INVALID_ITEM, problem.reason());
            assertTrue(problem.getMessage().contains("twice"), problem.getMessage());
        }
        IngestProblem top = assertThrows(IngestProblem.class, () -> EventListParser.parse(
                "{\"kind\":\"EventList\",\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.MALFORMED_JSON, top.reason());
    }

    @Test
    void parse_objectRef_isReadForRedactionWhateverItsMemberOrderOrEscapes() {
        String body = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + "{\"auditID\":\"a\",\"objectRef\":{\"namespace\":\"n\",\"resource\":\"secrets\",\"apiVersion\":\"v1\"},\"stage\":\"s\"},"
                + "{\"objectRef\":{\"subresource\":\"token\",\"resource\":\"serviceaccounts\"},\"auditID\":\"b\",\"stage\":\"s\"},"
                + "{\"auditID\":\"c\",\"stage\":\"s\",\"objectRef\":{\"reso\\u0075rce\":\"tokenreviews\",\"apiGroup\":\"authentication.k8s.io\"}},"
                + "{\"auditID\":\"d\",\"stage\":\"s\",\"objectRef\":{\"resource\":\"configmaps\"},\"objectRef\":{\"resource\":\"secrets\"}},"
                + "{\"auditID\":\"e\",\"stage\":\"s\",\"objectRef\":\"secrets\"},"
                + "{\"auditID\":\"f\",\"stage\":\"s\"}]}";

        List<EventItem> items = EventListParser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertEquals(new ObjectRef("", "secrets", "", "n"), items.get(0).objectRef());
        assertTrue(items.get(1).objectRef().tokenRequest());
        assertTrue(items.get(2).objectRef().tokenReview());
        // A repeated objectRef: the last one, as the redacting parse (Jackson's tree) reads it too.
        assertTrue(items.get(3).objectRef().secrets());
        assertEquals(ObjectRef.NONE, items.get(4).objectRef());
        assertEquals(ObjectRef.NONE, items.get(5).objectRef());
        assertFalse(items.get(5).objectRef().mayCarrySecrets());
    }

    @Test
    void parse_sameNameInSiblingOrNestedObjects_isNotADuplicate() {
        String item = "{\"auditID\":\"a\",\"stage\":\"ResponseComplete\",\"x\":{\"x\":{\"x\":1}},"
                + "\"l\":[{\"n\":1},{\"n\":2}],\"o\":{\"n\":3}}";
        assertEquals(2, EventListParser.parse(eventList(item + "," + item.replace("\"a\"", "\"b\""))
                .getBytes(StandardCharsets.UTF_8)).size());
    }
}
