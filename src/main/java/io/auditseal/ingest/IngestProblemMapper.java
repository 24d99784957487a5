package io.auditseal.ingest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders an {@link IngestProblem} as its status and JSON body; a full journal also says when to retry. */
@Provider
public final class IngestProblemMapper implements ExceptionMapper<IngestProblem> {

    /** kube-apiserver retries on its own backoff (10 s first); the header is for other clients. */
    static final String RETRY_AFTER_SECONDS = "10";

    @Override
    public Response toResponse(IngestProblem problem) {
        Response.ResponseBuilder response = Response.status(problem.reason().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(problem.reason(), problem.getMessage()));
        if (retryable(problem.reason())) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** Refusals that a later attempt may pass: they carry Retry-After. */
    static boolean retryable(RejectReason reason) {
        return reason == RejectReason.JOURNAL_FULL || reason == RejectReason.JOURNAL_UNAVAILABLE
                || reason == RejectReason.CHAIN_LOADING || reason == RejectReason.SEALING_HALTED;
    }
}
