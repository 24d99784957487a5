package io.auditseal.store;

import java.time.Instant;

/** The Object Lock retention of one object version. */
public record Retention(RetentionMode mode, Instant retainUntil) {
}
