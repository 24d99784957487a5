package io.auditseal.format;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** A seal's events object: gzip of the canonical records, one per line, each ended by '\n' (docs/FORMAT.md). */
public final class EventsObject {

    private EventsObject() {
    }

    /** How many records {@code gzip} holds: its '\n' count, read in 64 KiB steps without decoding the records. */
    public static int recordCount(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            int lines = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        }
    }

    /** Hands each record of {@code gzip} to {@code record}, in order, without its '\n'; one record in memory at a time. */
    public static void forEachRecord(byte[] gzip, Consumer<byte[]> record) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip)), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    record.accept(line.toByteArray());
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                throw new IOException("the last record is not ended by a newline");
            }
        }
    }
}
