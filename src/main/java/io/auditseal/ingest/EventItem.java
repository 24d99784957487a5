package io.auditseal.ingest;

/** One audit event of a batch: its identity and its bytes exactly as they appeared in the request body. */
public record EventItem(String auditId, String stage, byte[] raw) {
}
