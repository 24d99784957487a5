package io.auditseal.verify;

import io.auditseal.store.ObjectStore;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Whether a sealed object is still as it was written and locked: exactly one version (no overwrite, no delete
 * marker), with Object Lock retention in the required mode until at least its seal's creation plus the minimum.
 */
final class ObjectLockCheck {

    private ObjectLockCheck() {
    }

    static void check(ObjectStore store, long sequence, String key, Instant sealCreatedAt,
                      Optional<RetentionMode> requiredMode, Duration minimumRetention)
            throws StoreException, SealVerificationException {
        check(store, sequence, key, requiredMode, sealCreatedAt.plus(minimumRetention));
    }

    /** As above, with the latest retain-until date the object may have. */
    static void check(ObjectStore store, long sequence, String key, Optional<RetentionMode> requiredMode,
                      Instant requiredUntil) throws StoreException, SealVerificationException {
        List<String> versions = store.versions(key);
        if (versions.size() != 1) {
            throw new SealVerificationException(sequence, FailureReason.REWRITTEN, key + " has " + versions.size()
                    + " versions; a sealed object is written exactly once");
        }
        Optional<Retention> retention = store.retention(key);
        if (retention.isEmpty()) {
            throw new SealVerificationException(sequence, FailureReason.NOT_LOCKED, key + " has no Object Lock retention");
        }
        if (requiredMode.isPresent() && retention.get().mode() != requiredMode.get()) {
            throw new SealVerificationException(sequence, FailureReason.RETENTION_SHORTENED, key + " is locked in "
                    + retention.get().mode() + " mode, policy requires " + requiredMode.get());
        }
        // S3 keeps retain-until dates at a coarser precision (radosgw: milliseconds, AWS: seconds) than the seal's
        // creation time: compare at whole seconds.
        Instant required = requiredUntil.truncatedTo(ChronoUnit.SECONDS);
        if (retention.get().retainUntil().isBefore(required)) {
            throw new SealVerificationException(sequence, FailureReason.RETENTION_SHORTENED, key + " is locked until "
                    + retention.get().retainUntil() + ", policy requires at least " + required);
        }
    }
}
