package io.auditseal.ingest;

/** Why a request was refused: the reason code in every error body and metric, with its HTTP status. */
public enum RejectReason {
    UNKNOWN_CHAIN(404),
    MISSING_CREDENTIALS(401),
    INVALID_CREDENTIALS(403),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNSUPPORTED_ENCODING(415),
    BODY_TOO_LARGE(413),
    MALFORMED_JSON(400),
    WRONG_KIND(400),
    INVALID_ITEM(400),
    JOURNAL_FULL(429),
    JOURNAL_UNAVAILABLE(503),
    /** The chain exists in the cluster but is not registered yet (the operator is starting): retry. */
    CHAIN_LOADING(503),
    /**
     * The chain's sealer stopped and needs an operator (halted, or refused its key, configuration or bucket): records
     * are not acknowledged into a journal nothing drains. kube-apiserver retries, then drops the batch and logs it.
     */
    SEALING_HALTED(503);

    private final int status;

    RejectReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
