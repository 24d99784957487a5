package io.auditseal.store;

import java.time.Instant;

/** How one object is written: the retention its version gets, or none (the directory store cannot lock). */
public record PutOptions(Retention retention, String contentType) {

    /** The events object of a seal. */
    public static PutOptions events(Retention retention) {
        return new PutOptions(retention, "application/gzip");
    }

    /** A seal's manifest. */
    public static PutOptions manifest(Retention retention) {
        return new PutOptions(retention, "application/json");
    }

    /** A witness's cosignature of a seal's checkpoint: one signed-note signature line. */
    public static PutOptions cosignature(Retention retention) {
        return new PutOptions(retention, "text/plain; charset=utf-8");
    }

    /** Object Lock retention: a mode and the instant until which the version cannot be deleted or overwritten. */
    public static Retention lockedUntil(RetentionMode mode, Instant retainUntil) {
        return new Retention(mode, retainUntil);
    }
}
