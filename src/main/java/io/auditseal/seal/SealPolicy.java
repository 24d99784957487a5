package io.auditseal.seal;

import io.auditseal.store.RetentionMode;

import java.time.Duration;

/**
 * When a chain's seals are cut and how long they are locked.
 *
 * @param maxRecords    most records in one seal
 * @param maxBytes      journal payload bytes at which a seal is cut (it ends with the record that reaches them, so
 *                      one record larger than this still gets a seal of its own); with the journal's 8 MiB read
 *                      chunks this bounds what sealing holds in memory by bytes, whatever the records' sizes
 * @param maxDelay      longest a record waits for its seal
 * @param retentionMode Object Lock mode of sealed objects
 * @param retention     how long sealed objects stay locked
 */
public record SealPolicy(int maxRecords, long maxBytes, Duration maxDelay, RetentionMode retentionMode,
                         Duration retention) {

    public SealPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
        }
    }

    /** A policy that cuts seals by count and delay alone. */
    public SealPolicy(int maxRecords, Duration maxDelay, RetentionMode retentionMode, Duration retention) {
        this(maxRecords, Long.MAX_VALUE, maxDelay, retentionMode, retention);
    }

    /** Whether {@code records} pending records of {@code bytes} make a full seal. */
    public boolean full(long records, long bytes) {
        return records >= maxRecords || bytes >= maxBytes;
    }
}
