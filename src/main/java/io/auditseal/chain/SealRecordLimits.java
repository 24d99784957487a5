package io.auditseal.chain;

import java.time.Duration;
import java.util.Optional;

/**
 * How many AuditSeal resources the operator keeps per chain (the seals themselves stay in storage).
 * {@code maxAgeText} is the limit as the spec spells it ("720h"), which the prune record quotes.
 */
public record SealRecordLimits(int maxCount, Optional<Duration> maxAge, Optional<String> maxAgeText) {
}
