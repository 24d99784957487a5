package io.auditseal.ingest;

import java.util.List;

/**
 * What is known of an event larger than the record limit, beside the members kept of it: its full size, the SHA-256
 * of its exact bytes, and the names of the members left out (docs/INGEST.md, "Size limits").
 */
public record OversizeEvent(long size, byte[] sha256, List<String> omitted) {

    public OversizeEvent {
        omitted = List.copyOf(omitted);
    }

    /** The event's kept members as one JSON object, and the names of those left out. */
    record Reduced(byte[] event, List<String> omitted) {
    }
}
