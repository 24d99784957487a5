package io.auditseal.seal;

import io.auditseal.store.RetentionMode;

import java.time.Duration;

/**
 * When a chain's seals are cut and how long they are locked.
 *
 * @param maxRecords    most records in one seal
 * @param maxDelay      longest a record waits for its seal
 * @param retentionMode Object Lock mode of sealed objects
 * @param retention     how long sealed objects stay locked
 */
public record SealPolicy(int maxRecords, Duration maxDelay, RetentionMode retentionMode, Duration retention) {

    public SealPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
        }
    }
}
