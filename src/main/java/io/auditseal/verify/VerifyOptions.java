package io.auditseal.verify;

import io.auditseal.store.RetentionMode;
import io.auditseal.tlog.checkpoint.Checkpoint;

import java.time.Duration;
import java.util.Optional;

/**
 * What a chain verification checks beyond the format itself.
 *
 * @param requireLock      check every object's Object Lock (stores that support it)
 * @param requiredMode     the lock mode each object must have, if any
 * @param minimumRetention how long after its seal's creation each object must stay locked
 * @param trusted          a checkpoint kept earlier: the chain must extend it (catches truncation and rollback)
 * @param fromSequence     first seal to verify; the one before it is trusted for its compact range
 * @param toSequence       last seal to verify (inclusive)
 * @param witnesses        the witness cosignatures required, if any
 */
public record VerifyOptions(boolean requireLock, Optional<RetentionMode> requiredMode, Duration minimumRetention,
                            Optional<Checkpoint> trusted, long fromSequence, long toSequence,
                            Optional<WitnessPolicy> witnesses) {

    public VerifyOptions(boolean requireLock, Optional<RetentionMode> requiredMode, Duration minimumRetention,
                         Optional<Checkpoint> trusted, long fromSequence, long toSequence) {
        this(requireLock, requiredMode, minimumRetention, trusted, fromSequence, toSequence, Optional.empty());
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(false, Optional.empty(), Duration.ZERO, Optional.empty(), 0, Long.MAX_VALUE);
    }

    public VerifyOptions withWitnesses(WitnessPolicy policy) {
        return new VerifyOptions(requireLock, requiredMode, minimumRetention, trusted, fromSequence, toSequence,
                Optional.of(policy));
    }
}
