package io.auditseal.ingest;

/** The JSON body of every error response: a stable reason code, a human message, the HTTP status. */
public record ErrorBody(String reason, String message, int status) {

    public static ErrorBody of(RejectReason reason, String message) {
        return new ErrorBody(reason.name(), message, reason.status());
    }
}
