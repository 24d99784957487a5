package io.auditseal.ingest;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a webhook request whose declared Content-Length is over the body limit before its body is read, with
 * the same JSON error as every other refusal. (Bodies without a length are bounded by quarkus.http.limits.)
 */
@ApplicationScoped
public class BodyLimit {

    /** Before the REST layer, which would buffer the whole body first. */
    static final int ROUTE_ORDER = -100;

    void install(@Observes Router router, IngestConfig config) {
        long max = config.maxBodyBytes();
        router.route("/v1/*").order(ROUTE_ORDER).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > max) {
                IngestProblem problem = RequestBodies.tooLarge(max);
                context.response().setStatusCode(problem.reason().status())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(ErrorBody.of(problem.reason(), problem.getMessage())));
                return;
            }
            context.next();
        });
    }
}
