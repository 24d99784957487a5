package io.auditseal.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Ingest counters and the acknowledgement latency histogram, per chain. Only configured chains get their own tag
 * value; requests for unknown chains count under "unknown", so a scanner cannot blow up the series count.
 */
@ApplicationScoped
public class IngestMetrics {

    static final String UNKNOWN_CHAIN = "unknown";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void received(String chain, String endpoint, int events) {
        counter("auditseal.ingest.events.received", chain, endpoint).increment(events);
    }

    void accepted(String chain, String endpoint, int events) {
        counter("auditseal.ingest.events.accepted", chain, endpoint).increment(events);
    }

    void duplicates(String chain, String endpoint, int events) {
        counter("auditseal.ingest.events.duplicate", chain, endpoint).increment(events);
    }

    /** Events journaled under an (auditID, stage) already accepted with other content: the Audit-ID was reused. */
    void collisions(String chain, String endpoint, int events) {
        if (events > 0) {
            Counter.builder("auditseal.ingest.auditid.collisions")
                    .description("Events kept although their (auditID, stage) was accepted before with other content")
                    .tags("chain", chain, "endpoint", endpoint).register(registry).increment(events);
        }
    }

    /** Events journaled with secret values removed (EventRedaction). */
    void redacted(String chain, String endpoint, int events) {
        if (events > 0) {
            Counter.builder("auditseal.ingest.events.redacted")
                    .description("Events journaled with secret values removed")
                    .tags("chain", chain, "endpoint", endpoint).register(registry).increment(events);
        }
    }

    /**
     * Bucket bounds of the request size histogram: 1 MiB; 12 MiB, what a batch stays under with the apiserver's
     * truncation on (and what many proxies refuse above); 64 MiB; 1 GiB, about what fits the apiserver's 30 s
     * timeout at the measured ingest rate. Counts never decay, unlike the summary's windowed max.
     */
    private static final double[] REQUEST_BYTES_BUCKETS = {1 << 20, 12 << 20, 64 << 20, 1 << 30};

    /** Decoded bytes of an accepted request: what the body limit is measured against. */
    void requestBytes(String endpoint, long bytes) {
        DistributionSummary.builder("auditseal.ingest.request.bytes")
                .description("Decoded body bytes of accepted webhook requests")
                .baseUnit("bytes")
                .serviceLevelObjectives(REQUEST_BYTES_BUCKETS)
                .tags("endpoint", endpoint).register(registry).record(bytes);
    }

    /** Events over the record limit, journaled as OversizeRecords. */
    void oversize(String chain) {
        Counter.builder("auditseal.ingest.events.oversize")
                .description("Events larger than auditseal.ingest.max-record-bytes, sealed as OversizeRecords")
                .tags("chain", chain, "endpoint", Ingestor.AUDIT).register(registry).increment();
    }

    void rejected(String chain, String endpoint, RejectReason reason) {
        Counter.builder("auditseal.ingest.requests.rejected")
                .description("Requests refused, by reason code")
                .tags("chain", chain, "endpoint", endpoint, "reason", reason.name())
                .register(registry).increment();
    }

    /** An admission request allowed although its record could not be made durable. */
    void admissionUnrecorded(String chain) {
        Counter.builder("auditseal.admission.unrecorded")
                .description("Admission requests allowed without a durable record (journal unavailable)")
                .tags("chain", chain)
                .register(registry).increment();
    }

    void acknowledged(String endpoint, Duration latency) {
        Timer.builder("auditseal.ingest.ack")
                .description("Time from request start to a durable acknowledgement")
                .tags("endpoint", endpoint)
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(latency);
    }

    private Counter counter(String name, String chain, String endpoint) {
        return Counter.builder(name).tags("chain", chain, "endpoint", endpoint).register(registry);
    }
}
