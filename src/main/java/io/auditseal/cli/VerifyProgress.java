package io.auditseal.cli;

import io.auditseal.verify.RecordSink;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress of a long verification on stderr, once a second: seals and records verified and the rate. Only when
 * stderr is a terminal (a log file or a compliance job's output gets the report alone).
 */
final class VerifyProgress implements RecordSink {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long start;
    private long lastPrint;
    private long records;
    private long seals;
    private boolean printed;

    VerifyProgress(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.lastPrint = start;
    }

    /** A progress printer when stderr is a terminal, otherwise a sink that does nothing. */
    static RecordSink forTerminal(PrintWriter err) {
        return System.console() != null ? new VerifyProgress(err, System::nanoTime) : RecordSink.NONE;
    }

    @Override
    public void accept(long index, byte[] record) {
        records++;
    }

    @Override
    public void sealVerified(long sequence) {
        seals++;
        long now = nanoTime.getAsLong();
        if (now - lastPrint >= INTERVAL_NANOS) {
            lastPrint = now;
            printed = true;
            double seconds = (now - start) / 1e9;
            err.printf("\r  verified %d seals, %d records (%.0f records/s)   ", seals, records, records / seconds);
            err.flush();
        }
    }

    /** Ends the progress line so the report starts on a line of its own. */
    void finish() {
        if (printed) {
            err.println();
            err.flush();
        }
    }
}
