package io.auditseal.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps with exactly six fractional digits, like Kubernetes' MicroTime: one text per instant. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** Parses only the exact form {@link #format} writes. */
    public static Instant parse(String text) {
        try {
            Instant instant = Instant.from(FORMAT.parse(text));
            if (!format(instant).equals(text)) {
                throw new IllegalArgumentException("timestamp \"" + text + "\" is not in canonical form");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp \"" + text + "\" is not yyyy-MM-ddTHH:mm:ss.SSSSSSZ", e);
        }
    }
}
