package io.auditseal.server;

import io.auditseal.format.ChainId;
import io.auditseal.seal.CommittedSeal;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * The per-chain sealing metrics. Gauges read the chain's sealer through {@link SealerStatus} by chain id each time
 * they are scraped, never a sealer instance: Micrometer keeps the first object a gauge was registered with, and a
 * restarted sealer is a new instance (docs/operations.md tells operators to alert on these gauges).
 */
final class SealerMetrics {

    private final MeterRegistry registry;
    private final SealerStatus status;

    SealerMetrics(MeterRegistry registry, SealerStatus status) {
        this.registry = registry;
        this.status = status;
    }

    /** Registers the chain's state gauges; registering them again is harmless (Micrometer keeps the first). */
    void watch(ChainId chain) {
        stateGauge(chain, "auditseal.sealer.halted", SealerLoop.State.HALTED,
                "1 when the chain's sealer stopped on a mismatch between storage and journal, or a corrupt record");
        stateGauge(chain, "auditseal.sealer.failing", SealerLoop.State.BACKING_OFF,
                "1 while sealing fails and retries (storage or journal unavailable)");
        Gauge.builder("auditseal.sealer.refused", status, s -> s.refusal(chain).isPresent() ? 1 : 0)
                .description("1 while the chain's storage failed its preflight (e.g. no Object Lock): nothing is sealed")
                .tag("chain", chain.toString()).register(registry);
    }

    private void stateGauge(ChainId chain, String name, SealerLoop.State state, String description) {
        Predicate<SealerStatus> in = s -> s.sealer(chain).map(r -> r.state() == state).orElse(false);
        Gauge.builder(name, status, s -> in.test(s) ? 1 : 0).description(description)
                .tag("chain", chain.toString()).register(registry);
    }

    /** Counts a seal written and verified, its latency and, for seals this process assembled, its phases. */
    void sealed(ChainId chain, CommittedSeal seal, Duration waited) {
        String tag = chain.toString();
        Counter.builder("auditseal.seals").description("Seals written and verified").tag("chain", tag)
                .register(registry).increment();
        Counter.builder("auditseal.sealed.records").description("Records sealed").tag("chain", tag)
                .register(registry).increment(seal.manifest().recordCount());
        Timer.builder("auditseal.seal.latency")
                .description("From the durable acceptance of a seal's oldest record to the seal verified in storage")
                .tag("chain", tag).publishPercentiles(0.5, 0.99).register(registry).record(waited);
        if (!seal.adopted()) {
            phase(tag, "canonicalize", seal.timings().canonicalize());
            phase(tag, "assemble", seal.timings().assemble());
            phase(tag, "write", seal.timings().write());
            phase(tag, "readback", seal.timings().readBack());
        }
    }

    /** Where sealing time goes: canonicalisation, assembly (hashing, gzip, signing), writes and read-back. */
    private void phase(String chain, String phase, Duration time) {
        Timer.builder("auditseal.seal.phase").description("Time per seal spent in each phase of sealing")
                .tags("chain", chain, "phase", phase).register(registry).record(time);
    }

    static Duration since(Instant acceptedAt) {
        return Duration.between(acceptedAt, Instant.now());
    }
}
