package io.auditseal.chain;

import java.time.Duration;

/**
 * When a seal is cut: at {@code maxRecords} records, at {@code maxBytes} of them, or {@code maxDelay} after its
 * oldest record was accepted.
 */
public record BatchPolicy(int maxRecords, long maxBytes, Duration maxDelay) {

    public BatchPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxSize must be positive, got " + maxBytes + " bytes");
        }
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive, got " + maxDelay);
        }
    }
}
