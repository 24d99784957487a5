package io.auditseal.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
}
