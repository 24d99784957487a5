package io.auditseal.seal;

import java.time.Instant;

/** One record ready to seal: its RFC 8785 canonical JSON and when AuditSeal durably accepted it. */
public record SealRecord(byte[] canonicalJson, Instant acceptedAt) {
}
