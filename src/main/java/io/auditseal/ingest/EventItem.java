package io.auditseal.ingest;

/**
 * One audit event of a batch: its identity, what it is about ({@code objectRef}, {@link ObjectRef#NONE} when it has
 * none) and its bytes exactly as they appeared in the request body.
 */
public record EventItem(String auditId, String stage, ObjectRef objectRef, byte[] raw) {
}
