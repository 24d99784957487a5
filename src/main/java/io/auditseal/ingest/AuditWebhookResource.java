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

import java.io.InputStream;

/**
 * kube-apiserver's audit webhook backend posts EventList batches here, read as they stream in. 200 means every event
 * is durable (or was already); any other answer means the apiserver should retry (nothing of the batch was kept,
 * except, for a batch over one journal write, the writes before the refusal: see {@link Ingestor#events}).
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
                                   @Context HttpServerRequest request, InputStream body) {
        AppendResult result = ingestor.events(new Ingestor.IncomingRequest(namespace, chain, contentType,
                contentEncoding, authorization, PeerCertificates.of(request), body));
        return new Acknowledgement(result.accepted(), result.duplicates());
    }

    /** Body of a 200: how many events were stored and how many were already there. */
    public record Acknowledgement(int accepted, int duplicates) {
    }
}
