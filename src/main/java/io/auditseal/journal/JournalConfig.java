package io.auditseal.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link RocksJournal} keeps its database and the limits it enforces.
 *
 * @param directory    the RocksDB directory; created if missing. One journal process per directory.
 * @param capBytes     the most unreleased payload bytes the journal holds before {@link Journal#append} refuses
 *                     with {@link JournalFullException}; positive
 * @param chainCapBytes the most of them one chain may hold, so that a flooded chain, or one whose sealer is
 *                     halted, leaves room to the others; positive, at most {@code capBytes}
 * @param dedupeWindow how long an accepted {@link DedupeKey} keeps rejecting the same key on its chain; positive,
 *                     whole seconds of it at most {@link Integer#MAX_VALUE} (RocksDB TTLs are int seconds)
 */
public record JournalConfig(Path directory, long capBytes, long chainCapBytes, Duration dedupeWindow) {

    /** 2 GiB: room for hours of audit traffic while the object store is unreachable. */
    public static final long DEFAULT_CAP_BYTES = 2L * 1024 * 1024 * 1024;

    /** 24 h: longer than kube-apiserver keeps retrying a webhook batch. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(24);

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        if (capBytes <= 0) {
            throw new IllegalArgumentException("capBytes must be positive, was " + capBytes);
        }
        if (chainCapBytes <= 0 || chainCapBytes > capBytes) {
            throw new IllegalArgumentException("chainCapBytes must be positive and at most capBytes (" + capBytes
                    + "), was " + chainCapBytes);
        }
        if (dedupeWindow.isNegative() || dedupeWindow.isZero()) {
            throw new IllegalArgumentException("dedupeWindow must be positive, was " + dedupeWindow);
        }
        if (dedupeWindow.toSeconds() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dedupeWindow " + dedupeWindow + " does not fit a RocksDB TTL");
        }
    }

    /** A journal whose chains may each take {@link #defaultChainCap three quarters} of {@code capBytes}. */
    public JournalConfig(Path directory, long capBytes, Duration dedupeWindow) {
        this(directory, capBytes, defaultChainCap(capBytes), dedupeWindow);
    }

    /** The defaults: a 2 GiB cap, 1.5 GiB of it per chain, and a 24 h dedupe window. */
    public static JournalConfig defaults(Path directory) {
        return new JournalConfig(directory, DEFAULT_CAP_BYTES, DEFAULT_DEDUPE_WINDOW);
    }

    /**
     * Three quarters of the cap: a single chain still has most of the journal, and a chain that fills its share
     * leaves a quarter to the others.
     */
    public static long defaultChainCap(long capBytes) {
        return Math.max(1, capBytes / 4 * 3);
    }

    /**
     * The dedupe column family's TTL: the window rounded up to whole seconds, so RocksDB never drops a dedupe
     * entry while it still counts.
     */
    int dedupeTtlSeconds() {
        long seconds = dedupeWindow.toSeconds() + (dedupeWindow.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, seconds);
    }
}
