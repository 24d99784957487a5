package io.auditseal.store;

import java.time.Duration;
import java.time.Instant;

/** The Object Lock retention of one object version. */
public record Retention(RetentionMode mode, Instant retainUntil) {

    /**
     * How far the sink's clock may trail the store's before a lock is counted from the store's time of writing
     * ({@link StoredObject#lastModified}) instead of the seal's {@code createdAt}: more than an upload takes plus
     * ordinary clock skew, far less than any retention.
     */
    public static final Duration STORE_CLOCK_TOLERANCE = Duration.ofMinutes(5);
}
