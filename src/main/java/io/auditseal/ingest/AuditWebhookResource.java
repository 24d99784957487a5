package io.auditseal.ingest;

import io.auditseal.journal.AppendResult;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * kube-apiserver's audit webhook backend posts EventList batches here. 200 means every event is durable (or was
 * already); any other answer means nothing of the batch was kept and the apiserver should retry.
 */
@Path("/v1/audit/{namespace}/{chain}")
public class AuditWebhookResource {

    private final Ingestor ingestor;

    public AuditWebhookResource(Ingestor ingestor) {
        this.ingestor = ingestor;
    }

    /** No {@code @Consumes}: a wrong media type must get our JSON 415, not the framework's. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Acknowledgement receive(@PathParam("namespace") String namespace, @PathParam("chain") String chain,
                                   @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                   @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
                                   @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @Context HttpServerRequest request, byte[] body) {
        AppendResult result = ingestor.events(new Ingestor.IncomingRequest(namespace, chain, contentType,
                contentEncoding, authorization, PeerCertificates.of(request), body));
        return new Acknowledgement(result.accepted(), result.duplicates());
    }

    /** Body of a 200: how many events were stored and how many were already there. */
    public record Acknowledgement(int accepted, int duplicates) {
    }
}
