package io.auditseal.ingest;

/**
 * A request the sink refuses, turned into a JSON error body by {@link IngestProblemMapper}. Nothing of a refused
 * request has been journaled.
 */
public final class IngestProblem extends RuntimeException {

    private final RejectReason reason;

    public IngestProblem(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
