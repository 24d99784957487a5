package io.auditseal.chain;

import java.time.Duration;

/** When a seal is cut: at {@code maxRecords} records, or {@code maxDelay} after its oldest record was accepted. */
public record BatchPolicy(int maxRecords, Duration maxDelay) {

    public BatchPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive, got " + maxDelay);
        }
    }
}
