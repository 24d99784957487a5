package io.auditseal.ingest;

import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.format.ChainId;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * Refuses, from the request line and headers alone, what must never be read: a body whose declared length is over
 * the limit, and a request without valid credentials for its chain. It runs before the REST layer, which would
 * start reading the body first, so an anonymous client cannot make the sink read a byte of it. Its
 * answers are the same JSON errors as every other refusal, and the connection is closed after them. (Bodies
 * without a length are bounded by quarkus.http.limits.)
 */
@ApplicationScoped
public class RequestGate {

    /** Before the REST layer. */
    static final int ROUTE_ORDER = -100;

    private final ChainRegistry registry;
    private final IngestMetrics metrics;
    private final long maxAuditBodyBytes;
    private final long maxAdmissionBodyBytes;

    public RequestGate(ChainRegistry registry, IngestMetrics metrics, IngestConfig config) {
        this.registry = registry;
        this.metrics = metrics;
        this.maxAuditBodyBytes = config.maxBodyBytes();
        this.maxAdmissionBodyBytes = config.maxAdmissionBodyBytes();
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(ROUTE_ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        Optional<Target> target = Target.of(context.normalizedPath());
        long maxBodyBytes = target.filter(t -> t.endpoint().equals(Ingestor.ADMISSION)).isPresent()
                ? maxAdmissionBodyBytes : maxAuditBodyBytes;
        if (declaredLength(context) > maxBodyBytes) {
            refuse(context, RequestBodies.tooLarge(maxBodyBytes));
            return;
        }
        if (target.isPresent()) {
            Target t = target.get();
            Optional<RegisteredChain> chain = t.id().flatMap(registry::accepting);
            try {
                if (chain.isEmpty() && t.id().isPresent() && registry.pending(t.id().get())) {
                    throw new IngestProblem(RejectReason.CHAIN_LOADING, "chain " + t.name() + " is being loaded; retry");
                }
                ChainAuthenticator.authenticate(chain, t.name(), context.request().getHeader("Authorization"),
                        PeerCertificates.of(context.request()));
                // An audit batch for a chain that cannot seal is refused unread; an admission review is still
                // answered (allowed unless fail-closed) by the Ingestor.
                if (t.endpoint().equals(Ingestor.AUDIT)) {
                    Optional<String> why = registry.whyUnsealable(chain.get().id());
                    if (why.isPresent()) {
                        throw Ingestor.unsealable(chain.get().id(), why.get());
                    }
                }
            } catch (IngestProblem problem) {
                metrics.rejected(chain.isPresent() ? t.name() : IngestMetrics.UNKNOWN_CHAIN, t.endpoint(), problem.reason());
                refuse(context, problem);
                return;
            }
        }
        context.next();
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(RoutingContext context, IngestProblem problem) {
        var response = context.response().setStatusCode(problem.reason().status())
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close");
        if (IngestProblemMapper.retryable(problem.reason())) {
            response.putHeader("Retry-After", IngestProblemMapper.RETRY_AFTER_SECONDS);
        }
        response.end(Json.encode(ErrorBody.of(problem.reason(), problem.getMessage())));
    }

    /** A webhook path: {@code /v1/audit/NS/NAME} or {@code /v1/admission/NS/NAME}. */
    private record Target(String endpoint, String namespace, String chain) {

        static Optional<Target> of(String path) {
            String[] parts = path.split("/", -1);
            // "", "v1", endpoint, namespace, chain
            if (parts.length != 5 || !(parts[2].equals(Ingestor.AUDIT) || parts[2].equals(Ingestor.ADMISSION))) {
                return Optional.empty();
            }
            return Optional.of(new Target(parts[2], parts[3], parts[4]));
        }

        String name() {
            return namespace + "/" + chain;
        }

        Optional<ChainId> id() {
            try {
                return Optional.of(new ChainId(namespace, chain));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
