package io.auditseal.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;

/**
 * A validating admission webhook that records configuration changes. It answers an AdmissionReview v1 with the
 * request's uid echoed and, except for a fail-closed chain that could not record the request, {@code allowed: true}.
 */
@Path("/v1/admission/{namespace}/{chain}")
public class AdmissionWebhookResource {

    private final Ingestor ingestor;

    public AdmissionWebhookResource(Ingestor ingestor) {
        this.ingestor = ingestor;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public AdmissionReviewResponse review(@PathParam("namespace") String namespace, @PathParam("chain") String chain,
                                          @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                          @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          @Context HttpServerRequest request, InputStream body) {
        AdmissionDecision decision = ingestor.admission(new Ingestor.IncomingRequest(namespace, chain, contentType,
                contentEncoding, authorization, PeerCertificates.of(request), body));
        Status status = decision.allowed() ? null : new Status(503, decision.message());
        return new AdmissionReviewResponse(AdmissionReviewParser.API_VERSION, AdmissionReviewParser.KIND,
                new Result(decision.uid(), decision.allowed(), status));
    }

    /** The AdmissionReview v1 answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdmissionReviewResponse(String apiVersion, String kind, Result response) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String uid, boolean allowed, Status status) {
    }

    public record Status(int code, String message) {
    }
}
