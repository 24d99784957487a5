package io.auditseal.seal;

import java.time.Instant;

/**
 * One journaled record ready to become a leaf: its RFC 8785 canonical JSON and when AuditSeal durably accepted it.
 * (A "seal record" is an AuditSeal resource, never this.)
 */
public record CanonicalRecord(byte[] canonicalJson, Instant acceptedAt) {
}
