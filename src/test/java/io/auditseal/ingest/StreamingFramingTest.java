package io.auditseal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The framer reads the body as a stream: items come out whole and byte-exact however the body arrives, an item over
 * the record limit comes out as its small members plus the size and SHA-256 of all of it, and memory stays bounded by
 * the record limit whatever the body's size.
 */
class StreamingFramingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hands out at most a few bytes per read, as a slow connection does. */
    private static InputStream trickle(byte[] body, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(700)));
            }
        };
    }

    private static List<EventItem> frame(InputStream body, long recordLimit) {
        List<EventItem> items = new ArrayList<>();
        EventListParser.parse(body, recordLimit, (item, eventList) -> items.add(item));
        return items;
    }

    private static String event(String id, String requestObject, String responseObject) {
        return "{\"level\":\"RequestResponse\",\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\","
                + "\"requestURI\":\"/api/v1/namespaces/a/configmaps\",\"verb\":\"create\",\"user\":{\"username\":\"alice\"},"
                + "\"objectRef\":{\"resource\":\"configmaps\",\"namespace\":\"a\",\"name\":\"big\",\"apiVersion\":\"v1\"},"
                + (requestObject == null ? "" : "\"requestObject\":" + requestObject + ",")
                + (responseObject == null ? "" : "\"responseObject\":" + responseObject + ",")
                + "\"responseStatus\":{\"metadata\":{},\"code\":201},"
                + "\"requestReceivedTimestamp\":\"2026-12-02T01:00:00.000000Z\"}";
    }

    private static String configMap(int valueBytes) {
        return "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"big\"},\"data\":{\"v\":\""
                + "x".repeat(valueBytes) + "\"}}";
    }

    private static byte[] eventList(String... events) {
        return ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[\n "
                + String.join(",\n ", events) + "\n]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_bodyArrivingInSmallPieces_framesTheSameBytesAsAWholeBody() {
        byte[] body = Fixtures.read(Fixtures.APISERVER_EVENTLIST);
        List<EventItem> whole = EventListParser.parse(body);
        for (long seed = 0; seed < 20; seed++) {
            List<EventItem> trickled = frame(trickle(body, seed), Long.MAX_VALUE);
            assertEquals(whole.size(), trickled.size());
            for (int i = 0; i < whole.size(); i++) {
                assertArrayEquals(whole.get(i).raw(), trickled.get(i).raw(), "item " + i + ", seed " + seed);
                assertTrue(trickled.get(i).whole());
            }
        }
    }

    @Test
    void parse_itemOverTheRecordLimit_keepsItsSmallMembersAndCommitsToAllOfItsBytes() throws Exception {
        String small = event("small", configMap(100), configMap(100));
        String big = event("big", configMap(300_000), configMap(100));
        byte[] body = eventList(small, big, small.replace("\"small\"", "\"after\""));
        for (long seed = 0; seed < 5; seed++) {
            List<EventItem> items = frame(trickle(body, seed), 100_000);

            assertEquals(3, items.size());
            assertTrue(items.get(0).whole());
            assertTrue(items.get(2).whole(), "the item after an oversize one is framed whole again");
            assertArrayEquals(small.replace("\"small\"", "\"after\"").getBytes(StandardCharsets.UTF_8), items.get(2).raw());
            EventItem oversize = items.get(1);
            assertFalse(oversize.whole());
            assertEquals("big", oversize.auditId());
            assertEquals("ResponseComplete", oversize.stage());
            byte[] exact = big.getBytes(StandardCharsets.UTF_8);
            assertEquals(exact.length, oversize.oversize().size());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(exact), oversize.oversize().sha256(),
                    "seed " + seed);
            assertEquals(List.of("requestObject"), oversize.oversize().omitted());
            // What is kept is the event without its big member, as JSON, the small response included.
            JsonNode kept = JSON.readTree(oversize.raw());
            JsonNode expected = JSON.readTree(big);
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("requestObject");
            assertEquals(expected, kept);
        }
    }

    @Test
    void parse_bigMembersBeforeAndAfterTheOverflow_areBothOmittedInOrder() throws Exception {
        // The request object alone stays under the record limit but over the member limit; the response overflows.
        String big = event("big", configMap(90_000), configMap(200_000));
        List<EventItem> items = frame(trickle(eventList(big), 7), 100_000);
        assertEquals(List.of("requestObject", "responseObject"), items.get(0).oversize().omitted());
        JsonNode kept = JSON.readTree(items.get(0).raw());
        assertEquals("alice", kept.path("user").path("username").asText());
        assertEquals(201, kept.path("responseStatus").path("code").asInt());
        assertFalse(kept.has("requestObject") || kept.has("responseObject"));
    }

    @Test
    void parse_itemJustUnderTheLimit_isWhole() {
        String event = event("edge", configMap(50_000), null);
        int length = event.getBytes(StandardCharsets.UTF_8).length;
        List<EventItem> items = frame(new ByteArrayInputStream(eventList(event)), length);
        assertTrue(items.get(0).whole());
        assertNull(items.get(0).oversize());
        assertFalse(frame(new ByteArrayInputStream(eventList(event)), length - 1).get(0).whole());
    }

    @Test
    void parse_batchOfAGigabyte_streamsThroughHoldingLittleMoreThanTheRecordLimit() {
        int events = 1024;
        byte[] oneEvent = event("ID", configMap(1024 * 1024 - 400), null).getBytes(StandardCharsets.UTF_8);
        long recordLimit = 64 * 1024;
        ItemCapture capture = new ItemCapture(new RepeatedEvents(oneEvent, events), recordLimit,
                EventListParser.MEMBER_LIMIT);
        int[] count = {0};
        int framed = EventListParser.parse(capture, (item, eventList) -> {
            assertFalse(item.whole());
            assertTrue(eventList);
            assertEquals(oneEvent.length, item.oversize().size());
            count[0]++;
        });
        assertEquals(events, framed);
        assertEquals(events, count[0]);
        // The record limit, plus what the parser reads ahead (two reads of at most 8,000 bytes) and the buffer's
        // doubling.
        assertTrue(capture.peakHeld() <= 2 * (recordLimit + 16_000), "held " + capture.peakHeld() + " bytes");
    }

    /** An EventList of {@code count} copies of one event, generated as it is read: 1 GiB is never in memory. */
    private static final class RepeatedEvents extends InputStream {
        private final byte[][] parts;
        private final long count;
        private long part;
        private int at;

        RepeatedEvents(byte[] event, long count) {
            this.parts = new byte[][] {
                    "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[".getBytes(StandardCharsets.UTF_8),
                    event, ",".getBytes(StandardCharsets.UTF_8), "]}".getBytes(StandardCharsets.UTF_8)};
            this.count = count;
        }

        /** Part sequence: head, event, (comma, event) * (count - 1), tail. */
        private byte[] current() {
            if (part == 0) {
                return parts[0];
            }
            if (part < 2 * count) {
                return part % 2 == 1 ? parts[1] : parts[2];
            }
            return part == 2 * count ? parts[3] : null;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] current = current();
            if (current == null) {
                return -1;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            if (at == current.length) {
                part++;
                at = 0;
            }
            return n;
        }
    }
}
