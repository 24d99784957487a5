package io.auditseal.format;

import io.auditseal.seal.AssembledSeal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventsObjectTest {

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void recordCount_assembledSeals_isTheirRecordCount() throws Exception {
        for (AssembledSeal seal : FormatExample.seals()) {
            assertEquals(seal.manifest().recordCount(), EventsObject.recordCount(seal.eventsObject()));
        }
    }

    @Test
    void recordCount_emptyAndLargerThanOneBuffer_countsLines() throws Exception {
        assertEquals(0, EventsObject.recordCount(gzip("")));
        // 70,000 lines of 2 bytes: more than one 64 KiB read.
        assertEquals(70_000, EventsObject.recordCount(gzip("x\n".repeat(70_000))));
    }

    @Test
    void forEachRecord_givesEachLineWithoutItsNewlineInOrder() throws Exception {
        java.util.List<String> records = new java.util.ArrayList<>();
        EventsObject.forEachRecord(gzip("{\"a\":1}\n{}\n{\"b\":\"\u00e9\"}\n"),
                record -> records.add(new String(record, StandardCharsets.UTF_8)));
        assertEquals(java.util.List.of("{\"a\":1}", "{}", "{\"b\":\"\u00e9\"}"), records);
    }

    @Test
    void forEachRecord_lastRecordWithoutNewline_throws() {
        assertThrows(IOException.class, () -> EventsObject.forEachRecord(gzip("{}\n{\"cut\":"), record -> { }));
    }

    @Test
    void recordCount_notGzip_throws() {
        assertThrows(IOException.class, () -> EventsObject.recordCount("not gzip".getBytes(StandardCharsets.UTF_8)));
    }
}
