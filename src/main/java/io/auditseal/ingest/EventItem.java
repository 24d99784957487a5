package io.auditseal.ingest;

/**
 * One audit event of a batch: its identity, what it is about ({@code objectRef}, {@link ObjectRef#NONE} when it has
 * none) and its bytes exactly as they appeared in the request body; or, for an event larger than the record limit,
 * the members kept of it ({@code raw}) and what is known of the rest ({@code oversize}, otherwise null).
 */
public record EventItem(String auditId, String stage, ObjectRef objectRef, byte[] raw, OversizeEvent oversize) {

    /** A whole event. */
    public EventItem(String auditId, String stage, ObjectRef objectRef, byte[] raw) {
        this(auditId, stage, objectRef, raw, null);
    }

    /** Whether {@code raw} is the whole event. */
    public boolean whole() {
        return oversize == null;
    }
}
