package io.auditseal.verify;

import io.auditseal.store.ObjectStore;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a sealed object is still as it was written and locked: one version, or several holding the same bytes
 * (a write repeated after an ambiguous failure on a store that does not refuse it; no overwrite, no delete marker),
 * with Object Lock retention in the required mode until at least its seal's creation plus the minimum.
 */
final class ObjectLockCheck {

    private ObjectLockCheck() {
    }

    /** See {@link Retention#STORE_CLOCK_TOLERANCE}. */
    static final Duration STORE_CLOCK_TOLERANCE = Retention.STORE_CLOCK_TOLERANCE;

    /**
     * When an object's lock must be counted from: its seal's creation by the sink's clock, or, if the store wrote it
     * more than {@link #STORE_CLOCK_TOLERANCE} later by its own clock, that time less the tolerance.
     */
    static Instant lockedFrom(Instant sealCreatedAt, Optional<Instant> storeWrote) {
        return storeWrote.map(wrote -> wrote.minus(STORE_CLOCK_TOLERANCE)).filter(sealCreatedAt::isBefore)
                .orElse(sealCreatedAt);
    }

    /** @return the object's versions, oldest first: more than one only when they all hold the same bytes */
    static List<String> check(ObjectStore store, long sequence, String key, Instant sealCreatedAt,
                              Optional<RetentionMode> requiredMode, Duration minimumRetention)
            throws StoreException, SealVerificationException {
        return check(store, sequence, key, requiredMode, sealCreatedAt.plus(minimumRetention));
    }

    /** As above, with the latest retain-until date the object may have. */
    static List<String> check(ObjectStore store, long sequence, String key, Optional<RetentionMode> requiredMode,
                              Instant requiredUntil) throws StoreException, SealVerificationException {
        return check(store, sequence, key, store.versions(key), requiredMode, requiredUntil);
    }

    /** As above, with the object's versions already listed ({@link ObjectStore#versions}). */
    static List<String> check(ObjectStore store, long sequence, String key, List<String> versions,
                              Optional<RetentionMode> requiredMode, Instant requiredUntil)
            throws StoreException, SealVerificationException {
        if (versions.size() != 1) {
            requireIdentical(store, sequence, key, versions);
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
        return versions;
    }

    /** Several versions pass only as copies of one write: every version readable (no delete marker), same bytes. */
    private static void requireIdentical(ObjectStore store, long sequence, String key, List<String> versions)
            throws StoreException, SealVerificationException {
        if (versions.isEmpty()) {
            throw new SealVerificationException(sequence, FailureReason.OBJECT_MISSING, key + " has no version");
        }
        byte[] first = null;
        for (String version : versions) {
            Optional<StoredObject> object = store.get(key, version);
            if (object.isEmpty()) {
                throw new SealVerificationException(sequence, FailureReason.REWRITTEN, key + " has " + versions.size()
                        + " versions and " + version + " is a delete marker; a sealed object is never deleted");
            }
            if (first == null) {
                first = object.get().data();
            } else if (!Arrays.equals(first, object.get().data())) {
                throw new SealVerificationException(sequence, FailureReason.REWRITTEN, key + " has " + versions.size()
                        + " versions and " + version + " holds other bytes than " + versions.get(0)
                        + "; a sealed object is written exactly once");
            }
        }
    }

    /** The notice for an object stored as several identical versions, or empty for one version. */
    static Optional<String> duplicateNotice(long sequence, String key, List<String> versions) {
        return versions.size() <= 1 ? Optional.empty() : Optional.of("seal " + sequence + ": " + key + " is stored as "
                + versions.size() + " identical versions " + versions + " (a write repeated after a failure, not a "
                + "rewrite: every version holds the same bytes)");
    }
}
