package io.auditseal.server;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.StoreOpener;
import io.auditseal.chain.WitnessSettings;
import io.auditseal.format.ChainId;
import io.auditseal.seal.CommittedSeal;
import io.auditseal.store.ObjectStore;
import io.auditseal.tlog.note.CosignatureVerifier;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.witness.Witness;
import io.auditseal.witness.WitnessClient;
import io.auditseal.witness.WitnessOutcome;
import io.auditseal.witness.WitnessStatus;
import io.auditseal.witness.Witnessing;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Submits every chain's new checkpoints to the witnesses the chain names, off the sealing thread: one worker per
 * chain, which always submits the newest seal waiting (a witness needs only the latest checkpoint; a proof covers the
 * seals between). Runs where the sealers run: the replica that holds the Lease.
 */
@ApplicationScoped
public class WitnessService implements WitnessStatus {

    private static final Logger LOG = Logger.getLogger(WitnessService.class);

    private final ChainRegistry registry;
    private final StoreOpener stores;
    private final WitnessClient client = new WitnessClient();
    private final Map<ChainId, ChainWitnesses> chains = new ConcurrentHashMap<>();

    public WitnessService(ChainRegistry registry, StoreOpener stores) {
        this.registry = registry;
        this.stores = stores;
    }

    /** On the sealing thread: hands the seal to the chain's worker and returns at once. */
    void onSealed(@Observes CommittedSeal seal) {
        RegisteredChain chain = registry.find(seal.chain()).orElse(null);
        if (chain == null || chain.settings().witnesses().isEmpty()) {
            return;
        }
        ChainWitnesses witnesses = chains.compute(seal.chain(), (id, running) -> {
            if (running != null && running.settings.equals(chain.settings().witnesses())) {
                return running;
            }
            if (running != null) {
                running.close();
            }
            return open(chain);
        });
        if (witnesses != null) {
            witnesses.offer(seal);
        }
    }

    @Override
    public List<WitnessOutcome> outcomes(ChainId chain) {
        ChainWitnesses witnesses = chains.get(chain);
        return witnesses == null ? List.of() : witnesses.witnessing.outcomes();
    }

    void stop(@Observes ShutdownEvent event) {
        chains.values().forEach(ChainWitnesses::close);
        chains.clear();
    }

    private ChainWitnesses open(RegisteredChain chain) {
        try {
            List<Witness> witnesses = new ArrayList<>();
            for (WitnessSettings settings : chain.settings().witnesses()) {
                witnesses.add(new Witness(URI.create(settings.url()), CosignatureVerifier.parse(settings.vkey())));
            }
            ObjectStore store = stores.open(chain.settings());
            return new ChainWitnesses(chain.settings().witnesses(), store,
                    new Witnessing(chain.id(), store, witnesses, client, InstantSource.system()));
        } catch (ChainConfigException | MalformedNoteException | IllegalArgumentException e) {
            LOG.errorf("chain %s: its witnesses cannot be used: %s", chain.id(), e.getMessage());
            return null;
        }
    }

    /** One chain's witnesses and the worker that submits to them. */
    private static final class ChainWitnesses {
        private final List<WitnessSettings> settings;
        private final ObjectStore store;
        private final Witnessing witnessing;
        private final ExecutorService worker;
        private final AtomicReference<CommittedSeal> pending = new AtomicReference<>();

        ChainWitnesses(List<WitnessSettings> settings, ObjectStore store, Witnessing witnessing) {
            this.settings = List.copyOf(settings);
            this.store = store;
            this.witnessing = witnessing;
            this.worker = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "witnesses");
                thread.setDaemon(true);
                return thread;
            });
        }

        void offer(CommittedSeal seal) {
            // Only the newest waits: a submission already queued picks it up instead of an older one.
            if (pending.getAndSet(seal) == null) {
                worker.execute(this::submitPending);
            }
        }

        private void submitPending() {
            CommittedSeal seal = pending.getAndSet(null);
            if (seal == null) {
                return;
            }
            for (WitnessOutcome outcome : witnessing.submit(seal.manifest().sequence(), seal.manifest(), seal.retention())) {
                if (outcome.state() == WitnessOutcome.State.COSIGNED) {
                    LOG.debugf("chain %s: %s", seal.chain(), outcome.message());
                } else if (outcome.state() == WitnessOutcome.State.FORK) {
                    LOG.errorf("chain %s: FORK: %s", seal.chain(), outcome.message());
                } else {
                    LOG.warnf("chain %s: seal %d not cosigned: %s", seal.chain(), seal.manifest().sequence(),
                            outcome.message());
                }
            }
        }

        void close() {
            worker.shutdown();
            try {
                worker.awaitTermination(35, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.close();
        }
    }
}
