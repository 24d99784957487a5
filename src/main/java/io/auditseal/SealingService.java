package io.auditseal;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.Durations;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalException;
import io.auditseal.operator.crd.v1alpha1.chain.spec.RetentionSpec;
import io.auditseal.seal.ChainSealer;
import io.auditseal.seal.SealAssembler;
import io.auditseal.seal.SealPolicy;
import io.auditseal.seal.SealedSeal;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealingHaltedException;
import io.auditseal.seal.format.ChainId;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.RetentionMode;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one sealer per registered chain whose storage passes its preflight: a bucket without Object Lock (or
 * versioning) is refused, and its records stay journaled until it is fixed. Chains added to or removed from the
 * registry start or stop their sealer.
 */
@ApplicationScoped
public class SealingService {

    private static final Logger LOG = Logger.getLogger(SealingService.class);

    private final Journal journal;
    private final ChainStores stores;
    private final ChainsStartup chains;
    private final MeterRegistry metrics;
    private final Map<ChainId, SealerLoop> loops = new ConcurrentHashMap<>();
    private final Map<ChainId, String> refused = new ConcurrentHashMap<>();
    private final Map<ChainId, RegisteredChain> started = new ConcurrentHashMap<>();
    private final Map<ChainId, ObjectStore> openStores = new ConcurrentHashMap<>();
    private final Map<ChainId, StorageFindings> storage = new ConcurrentHashMap<>();
    private final Event<SealedSeal> sealed;

    public SealingService(Journal journal, ChainStores stores, ChainsStartup chains, MeterRegistry metrics,
                          Event<SealedSeal> sealed) {
        this.journal = journal;
        this.stores = stores;
        this.chains = chains;
        this.metrics = metrics;
        this.sealed = sealed;
    }

    /** What the preflight found about a chain's storage: where it is and what it offers. */
    public record StorageFindings(String location, StoreCheck check) {
    }

    /** Starts or restarts the sealer of {@code chain} with its current configuration. */
    public synchronized void start(RegisteredChain chain) {
        stop(chain.id());
        started.put(chain.id(), chain);
        ObjectStore store = null;
        try {
            store = stores.forChain(chain);
            StoreCheck check = store.check();
            storage.put(chain.id(), new StorageFindings(store.describe(), check));
            if (!check.usable()) {
                refuse(chain.id(), "storage " + store.describe() + " cannot hold seals: " + String.join("; ", check.problems()));
                return;
            }
            if (!check.immutable()) {
                LOG.warnf("chain %s seals to %s: objects are written once but nothing stops their deletion", chain.id(),
                        store.describe());
            }
            SealAssembler assembler = new SealAssembler(chain.id(), chains.signingKeys().forChain(chain),
                    InstantSource.system());
            RetentionSpec retention = chain.spec().getRetention();
            SealPolicy policy = new SealPolicy(chain.spec().getBatch().getMaxRecords(),
                    Durations.parse(chain.spec().getBatch().getMaxDelay()),
                    RetentionMode.valueOf(retention.getMode().name()), Duration.ofDays(retention.getDays()));
            ChainSealer sealer = new ChainSealer(chain.id(), journal, store, assembler, policy, InstantSource.system(),
                    check.objectLock());
            sealer.recoverFromStorage();
            SealerLoop loop = new SealerLoop(chain.id().toString(), sealer, InstantSource.system());
            Counter seals = Counter.builder("auditseal.seals").description("Seals written and verified")
                    .tag("chain", chain.id().toString()).register(metrics);
            Counter records = Counter.builder("auditseal.sealed.records").description("Records sealed")
                    .tag("chain", chain.id().toString()).register(metrics);
            Timer latency = Timer.builder("auditseal.seal.latency")
                    .description("From the durable acceptance of a seal's oldest record to the seal verified in storage")
                    .tag("chain", chain.id().toString()).publishPercentiles(0.5, 0.99).register(metrics);
            loop.onSealed(seal -> {
                seals.increment();
                records.increment(seal.manifest().recordCount());
                Duration waited = Duration.between(seal.manifest().firstTimestamp(), java.time.Instant.now());
                latency.record(waited);
                if (!seal.adopted()) {
                    phase(chain, "canonicalize", seal.timings().canonicalize());
                    phase(chain, "assemble", seal.timings().assemble());
                    phase(chain, "write", seal.timings().write());
                    phase(chain, "readback", seal.timings().readBack());
                }
                LOG.infof("chain %s sealed %d records as seal %d (tree size %d, root %s), %d ms after its oldest "
                                + "record was accepted%s", chain.id(), seal.manifest().recordCount(),
                        seal.manifest().sequence(), seal.manifest().treeSize(), seal.manifest().rootHash(),
                        waited.toMillis(), seal.adopted() ? ", adopted after restart" : "");
                // Observers (cluster mode: the AuditSeal recorder) must not throw into the sealer.
                sealed.fire(seal);
            });
            Gauge.builder("auditseal.sealer.halted", loop, l -> l.state() == SealerLoop.State.HALTED ? 1 : 0)
                    .description("1 when the chain's sealer stopped on a mismatch between storage and journal")
                    .tag("chain", chain.id().toString()).register(metrics);
            Gauge.builder("auditseal.sealer.failing", loop, l -> l.state() == SealerLoop.State.BACKING_OFF ? 1 : 0)
                    .description("1 while sealing fails and retries (storage or journal unavailable)")
                    .tag("chain", chain.id().toString()).register(metrics);
            loops.put(chain.id(), loop);
            openStores.put(chain.id(), store);
            store = null; // the running sealer owns it now; stop() closes it
            refused.remove(chain.id());
            loop.start();
            LOG.infof("chain %s: sealing to %s every %s or %d records", chain.id(), openStores.get(chain.id()).describe(),
                    policy.maxDelay(), policy.maxRecords());
        } catch (StoreException e) {
            storage.remove(chain.id());
            refuse(chain.id(), e.getMessage());
        } catch (ChainConfigException | JournalException | SealingHaltedException | IllegalArgumentException e) {
            refuse(chain.id(), e.getMessage());
        } finally {
            if (store != null) {
                store.close(); // refused: no sealer uses it
            }
        }
    }

    /** Where sealing time goes: canonicalisation, assembly (hashing, gzip, signing), writes and read-back. */
    private void phase(RegisteredChain chain, String phase, Duration time) {
        Timer.builder("auditseal.seal.phase").description("Time per seal spent in each phase of sealing")
                .tags("chain", chain.id().toString(), "phase", phase).register(metrics).record(time);
    }

    /** Starts the chain's sealer again if its storage was refused: the bucket may have been fixed since. */
    public synchronized void retryIfRefused(RegisteredChain chain) {
        if (refused.containsKey(chain.id())) {
            start(chain);
        }
    }

    /** The latest preflight findings of a chain's storage, if its store could be reached. */
    public Optional<StorageFindings> storage(ChainId chain) {
        return Optional.ofNullable(storage.get(chain));
    }

    /** The verifier key of the signing key {@code chain}'s running sealer signs with, if one runs. */
    public Optional<NoteVerifier> verifier(ChainId chain) {
        return Optional.ofNullable(loops.get(chain)).map(loop -> loop.sealer().verifier());
    }

    public synchronized void stop(ChainId chain) {
        started.remove(chain);
        SealerLoop loop = loops.remove(chain);
        if (loop != null) {
            loop.close();
        }
        ObjectStore store = openStores.remove(chain);
        if (store != null) {
            store.close();
        }
    }

    public Optional<SealerLoop> loop(ChainId chain) {
        return Optional.ofNullable(loops.get(chain));
    }

    /** Why a chain is not sealing, if it was refused. */
    public Optional<String> refusal(ChainId chain) {
        return Optional.ofNullable(refused.get(chain));
    }

    private void refuse(ChainId chain, String why) {
        refused.put(chain, why);
        Gauge.builder("auditseal.sealer.refused", refused, r -> r.containsKey(chain) ? 1 : 0)
                .description("1 while the chain's storage failed its preflight (e.g. no Object Lock): nothing is sealed")
                .tag("chain", chain.toString()).register(metrics);
        LOG.errorf("chain %s is NOT sealing: %s. Its records stay journaled.", chain, why);
    }

    void stopAll(@Observes ShutdownEvent event) {
        loops.keySet().forEach(this::stop);
    }

    /**
     * Starts sealers for the registry's chains and follows its changes. A chain registered again with the same
     * generation and signing key (e.g. a rotated token) keeps its running sealer.
     */
    void follow(ChainRegistry registry) {
        registry.chains().forEach(this::start);
        registry.addListener(id -> registry.find(id).ifPresentOrElse(chain -> {
            RegisteredChain running = started.get(id);
            if (running == null || running.generation() != chain.generation()
                    || !Objects.equals(running.spec().getSigningKeySecretRef(), chain.spec().getSigningKeySecretRef())
                    || refused.containsKey(id)) {
                start(chain);
            }
        }, () -> stop(id)));
    }
}
