package io.auditseal.server;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.ChainSettings;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.chain.StoreOpener;
import io.auditseal.format.ChainId;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalException;
import io.auditseal.seal.ChainSealer;
import io.auditseal.seal.KeyHandover;
import io.auditseal.seal.CommittedSeal;
import io.auditseal.seal.SealAssembler;
import io.auditseal.seal.SealPolicy;
import io.auditseal.seal.SealerControl;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealerStatus;
import io.auditseal.seal.SealingHaltedException;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs one sealer per registered chain whose storage passes its preflight: a bucket without Object Lock (or
 * versioning) is refused, and its records stay journaled until it is fixed. Chains added to or removed from the
 * registry start or stop their sealer.
 */
@ApplicationScoped
public class SealingService implements SealerStatus, SealerControl {

    private static final Logger LOG = Logger.getLogger(SealingService.class);

    private final Journal journal;
    private final StoreOpener stores;
    private final SigningKeys signingKeys;
    private final SealerMetrics metrics;
    private final Event<CommittedSeal> sealed;
    private final Map<ChainId, SealerLoop> loops = new ConcurrentHashMap<>();
    private final Map<ChainId, String> refused = new ConcurrentHashMap<>();
    private final Map<ChainId, RegisteredChain> started = new ConcurrentHashMap<>();
    private final Map<ChainId, ObjectStore> openStores = new ConcurrentHashMap<>();
    private final Map<ChainId, StorageFindings> storage = new ConcurrentHashMap<>();
    // Where ingest learns which chains cannot seal (set by follow; absent in tests that start sealers directly).
    private volatile ChainRegistry registry;
    // Set by stopAll: the process is going away, and no sealer may start after the last one stopped (a reconcile
    // still running must not start one behind the Lease's release).
    private boolean shuttingDown;
    // Whether a sealer was still writing when stopAll's wait for it ran out.
    private boolean unfinishedAtStop;

    public SealingService(Journal journal, StoreOpener stores, SigningKeys signingKeys, MeterRegistry metrics,
                          Event<CommittedSeal> sealed) {
        this.journal = journal;
        this.stores = stores;
        this.signingKeys = signingKeys;
        this.metrics = new SealerMetrics(metrics, this);
        this.sealed = sealed;
    }

    /** Starts or restarts the sealer of {@code chain} with its current configuration. */
    public synchronized void start(RegisteredChain chain) {
        if (shuttingDown) {
            return;
        }
        stop(chain.id());
        started.put(chain.id(), chain);
        metrics.watch(chain.id());
        ObjectStore store = null;
        try {
            store = stores.open(chain.settings());
            StoreCheck check = store.check();
            storage.put(chain.id(), new StorageFindings(store.describe(), check));
            if (!check.usable()) {
                String why = "storage " + store.describe() + " cannot hold seals: " + String.join("; ", check.problems());
                refuse(chain.id(), why);
                withRegistry(r -> r.unsealable(chain.id(), why));
                return;
            }
            if (!check.objectLock()) {
                LOG.warnf("chain %s seals to %s: objects are written once but nothing stops their deletion", chain.id(),
                        store.describe());
            }
            SealerLoop loop = newLoop(chain, store, check);
            loops.put(chain.id(), loop);
            openStores.put(chain.id(), store);
            store = null; // the running sealer owns it now; stop() closes it
            refused.remove(chain.id());
            withRegistry(r -> r.sealable(chain.id()));
            loop.onHalted(why -> withRegistry(r -> r.unsealable(chain.id(), "sealing halted: " + why)));
            loop.start();
            LOG.infof("chain %s: sealing to %s every %s or %d records", chain.id(), openStores.get(chain.id()).describe(),
                    chain.settings().batch().maxDelay(), chain.settings().batch().maxRecords());
        } catch (StoreException | JournalException e) {
            // Unreachable storage or a failed journal read may pass at the next attempt: records keep being
            // journaled meanwhile, as during any storage outage.
            if (e instanceof StoreException) {
                storage.remove(chain.id());
            }
            refuse(chain.id(), e.getMessage());
        } catch (ChainConfigException | SealingHaltedException | IllegalArgumentException e) {
            refuse(chain.id(), e.getMessage());
            withRegistry(r -> r.unsealable(chain.id(), e.getMessage()));
        } finally {
            if (store != null) {
                store.close(); // refused: no sealer uses it
            }
        }
    }

    /** A sealer recovered from storage and its loop, reporting each seal to the metrics, the log and observers. */
    private SealerLoop newLoop(RegisteredChain chain, ObjectStore store, StoreCheck check)
            throws ChainConfigException, StoreException, JournalException, SealingHaltedException {
        ChainSettings settings = chain.settings();
        SealAssembler assembler = new SealAssembler(chain.id(), signingKeys.forChain(chain), InstantSource.system());
        SealPolicy policy = new SealPolicy(settings.batch().maxRecords(), settings.batch().maxBytes(),
                settings.batch().maxDelay(), settings.retentionMode(), settings.retention());
        // A configured rotation hands the chain over from its previous key, once, if the stored chain is still
        // signed by it.
        Optional<KeyHandover> handover = signingKeys.previousForChain(chain).map(previous -> new KeyHandover(previous,
                settings.rotation().orElseThrow().revokedFromTreeSize()));
        ChainSealer sealer = new ChainSealer(chain.id(), journal, store, assembler, policy, InstantSource.system(),
                check.objectLock(), handover);
        sealer.recoverFromStorage();
        SealerLoop loop = new SealerLoop(chain.id().toString(), sealer, InstantSource.system());
        loop.onSealed(seal -> {
            Duration waited = SealerMetrics.since(seal.manifest().firstTimestamp());
            metrics.sealed(chain.id(), seal, waited);
            LOG.infof("chain %s sealed %d records as seal %d (tree size %d, root %s), %d ms after its oldest "
                            + "record was accepted%s", chain.id(), seal.manifest().recordCount(),
                    seal.manifest().sequence(), seal.manifest().treeSize(), seal.manifest().rootHash(),
                    waited.toMillis(), seal.adopted() ? ", adopted after restart" : "");
            // Observers (cluster mode: the AuditSeal recorder) must not throw into the sealer.
            sealed.fire(seal);
        });
        return loop;
    }

    /** Starts the chain's sealer again if its storage was refused: the bucket may have been fixed since. */
    @Override
    public synchronized void retryIfRefused(ChainId chain) {
        RegisteredChain registered = started.get(chain);
        if (registered != null && refused.containsKey(chain)) {
            start(registered);
        }
    }

    @Override
    public void drain(ChainId chain) {
        SealerLoop loop = loops.get(chain);
        if (loop != null) {
            loop.drain();
        }
    }

    @Override
    public Optional<StorageFindings> storage(ChainId chain) {
        return Optional.ofNullable(storage.get(chain));
    }

    @Override
    public Optional<String> refusal(ChainId chain) {
        return Optional.ofNullable(refused.get(chain));
    }

    @Override
    public Optional<Running> sealer(ChainId chain) {
        return Optional.ofNullable(loops.get(chain)).map(loop -> new Running(loop.state(),
                Objects.requireNonNullElse(loop.lastError(), ""), loop.sealer().head(), loop.sealer().verifier()));
    }

    public synchronized void stop(ChainId chain) {
        stopSealer(chain);
    }

    /** Stops the chain's sealer; true if it finished its last write (or there was none). */
    private boolean stopSealer(ChainId chain) {
        started.remove(chain);
        SealerLoop loop = loops.remove(chain);
        boolean finished = loop == null || loop.stop();
        ObjectStore store = openStores.remove(chain);
        if (store != null) {
            store.close();
        }
        return finished;
    }

    private void withRegistry(Consumer<ChainRegistry> action) {
        ChainRegistry followed = registry;
        if (followed != null) {
            action.accept(followed);
        }
    }

    private void refuse(ChainId chain, String why) {
        refused.put(chain, why);
        LOG.errorf("chain %s is NOT sealing: %s. Its records stay journaled.", chain, why);
    }

    void stopAll(@Observes ShutdownEvent event) {
        stopAll();
    }

    @Override
    public synchronized boolean stopAll() {
        shuttingDown = true;
        for (ChainId chain : List.copyOf(loops.keySet())) {
            // Remembered: a later call (the Lease release asks again) must not take "nothing left" for "all done".
            unfinishedAtStop |= !stopSealer(chain);
        }
        return !unfinishedAtStop;
    }

    /**
     * Starts sealers for the registry's chains and follows its changes. A chain registered again with the same
     * generation and signing key (e.g. a rotated token) keeps its running sealer; a key Secret that now holds
     * another key restarts it, so that the sealer refuses that key at once (see StartupRecovery), not at the next
     * restart of the sink.
     */
    void follow(ChainRegistry registry) {
        this.registry = registry;
        registry.chains().forEach(this::start);
        registry.addListener(id -> registry.find(id).ifPresentOrElse(chain -> {
            RegisteredChain running = started.get(id);
            if (running == null || running.generation() != chain.generation()
                    || !running.settings().signing().equals(chain.settings().signing())
                    || refused.containsKey(id) || keyReplaced(chain)) {
                start(chain);
            }
        }, () -> stop(id)));
    }

    /** Whether the chain's signing key is now another than its running sealer signs with. */
    private boolean keyReplaced(RegisteredChain chain) {
        SealerLoop loop = loops.get(chain.id());
        if (loop == null) {
            return false;
        }
        try {
            return !signingKeys.forChain(chain).verifier().encode().equals(loop.sealer().verifier().encode());
        } catch (ChainConfigException e) {
            return true; // unreadable now: starting again reports why
        }
    }
}
