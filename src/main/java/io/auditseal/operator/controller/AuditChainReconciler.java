package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainStatus;
import io.auditseal.api.v1alpha1.chain.status.SealReference;
import io.auditseal.api.v1alpha1.chain.status.WebhookPaths;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.format.ChainId;
import io.auditseal.journal.Journal;
import io.auditseal.operator.OperatorConfig;
import io.auditseal.seal.SealerControl;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.note.NoteSigner;
import io.auditseal.witness.WitnessOutcome;
import io.auditseal.witness.WitnessStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.*;

/**
 * Keeps a chain served and its status true: resolves its spec and Secrets (generating a signing key when none is
 * named), registers it with the sink (new credentials take effect without restart; a deleted chain stops
 * accepting), appends spec changes to the chain as ChainConfigChange records, re-creates missing AuditSeal records
 * from verified storage, and reports conditions and the chain's head.
 */
@ControllerConfiguration(name = "auditchain")
public class AuditChainReconciler implements Reconciler<AuditChain>, Cleaner<AuditChain> {

    private static final Logger LOG = Logger.getLogger(AuditChainReconciler.class);
    /** How often a deleted chain is looked at while its sealer drains it. */
    private static final long DRAIN_POLL = 1_000;

    private final ChainRegistry registry;
    private final ChainRegistrar registrar;
    private final SigningKeys signingKeys;
    private final ChainKeyRing keyRing;
    private final SharedStores stores;
    private final SealerStatus sealers;
    private final SealerControl sealerControl;
    private final Journal journal;
    private final OperatorConfig config;
    private final ChainConfigChanges configChanges;
    private final SealRecordRestorer restorer;
    private final SealRecordPruner pruner;
    private final KubeEvents events;
    private final WitnessStatus witnesses;

    /** Each collaborator is a bean of its own, so that a test can construct the reconciler with its own. */
    AuditChainReconciler(ChainRegistry registry, ChainRegistrar registrar, SigningKeys signingKeys,
                         ChainKeyRing keyRing, SharedStores stores, SealerStatus sealers, SealerControl sealerControl,
                         Journal journal, OperatorConfig config, ChainConfigChanges configChanges,
                         SealRecordRestorer restorer, SealRecordPruner pruner, KubeEvents events,
                         WitnessStatus witnesses) {
        this.registry = registry;
        this.registrar = registrar;
        this.signingKeys = signingKeys;
        this.keyRing = keyRing;
        this.witnesses = witnesses;
        this.stores = stores;
        this.sealers = sealers;
        this.sealerControl = sealerControl;
        this.journal = journal;
        this.config = config;
        this.configChanges = configChanges;
        this.restorer = restorer;
        this.pruner = pruner;
        this.events = events;
    }

    @Override
    public List<EventSource<?, AuditChain>> prepareEventSources(EventSourceContext<AuditChain> context) {
        // A chain's seals, matched by label: their creation and verification results update the chain's status.
        var seals = InformerEventSourceConfiguration.from(AuditSeal.class, AuditChain.class)
                .withSecondaryToPrimaryMapper(seal -> Optional.ofNullable(seal.getMetadata().getLabels())
                        .map(labels -> labels.get(ApiGroup.CHAIN_LABEL))
                        .map(chain -> Set.of(new ResourceID(chain, seal.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return List.of(new InformerEventSource<>(seals, context));
    }

    @Override
    public UpdateControl<AuditChain> reconcile(AuditChain resource, Context<AuditChain> context) throws Exception {
        Instant now = Instant.now();
        long generation = generation(resource);
        AuditChainStatus previous = resource.getStatus();
        StatusConditions conditions = new StatusConditions(previous == null ? null : previous.getConditions(),
                generation, now);
        AuditChainStatus status = new AuditChainStatus();
        status.setObservedGeneration(generation);

        ChainId id;
        RegisteredChain chain;
        NoteSigner signer;
        try {
            id = chainId(resource);
            status.setWebhookPaths(WebhookPaths.of(id));
            chain = registrar.resolve(resource, id);
            signer = registrar.signer(chain);
            status.setPublicKey(signer.verifier().encode());
        } catch (ChainConfigException e) {
            conditions.set(READY, false, REASON_INVALID_SPEC, e.getMessage());
            // This generation does not take effect: it is recorded when (and if) it becomes valid. 0 (no generation
            // recorded yet) when none was: an absent field would read as "observedGeneration was recorded".
            status.setRecordedGeneration(Objects.requireNonNullElse(recordedGeneration(previous), 0L));
            if (previous != null) {
                // What the chain has published stays: above all its key, which must never be replaced silently.
                status.setPublicKey(previous.getPublicKey());
                status.setTreeSize(previous.getTreeSize());
                status.setSealCount(previous.getSealCount());
                status.setLastSeal(previous.getLastSeal());
                status.setOldestRetainedSeal(previous.getOldestRetainedSeal());
                status.setCheckpointBeforeOldest(previous.getCheckpointBeforeOldest());
            }
            return finish(resource, status, conditions, config.chainResync());
        }

        if (!Long.valueOf(generation).equals(recordedGeneration(previous))) {
            configChanges.record(id, resource, now);
        }
        status.setRecordedGeneration(generation);
        registrar.register(chain, signer);
        sealerControl.retryIfRefused(id);

        ChainConditions.secretsRedacted(conditions, chain.settings().redaction());
        if (ChainConditions.newlyUnredacted(previous, chain.settings().redaction())) {
            events.warning(resource, "BuiltInRedactionOff", "spec.redaction.builtIn is false: Secret values and "
                    + "issued tokens of namespaces without an AuditChain are sealed in clear from now on, for good");
        }
        ChainConditions.storage(conditions, sealers.storage(id), sealers.refusal(id));
        Optional<SealerStatus.Running> sealer = sealers.sealer(id);
        ChainConditions.sealing(conditions, sealer, sealers.refusal(id));
        ChainConditions.accepting(conditions, registry.whyUnsealable(id));
        // The key the chain is sealed with: a sealer refuses a key its stored seals do not verify with (a replaced
        // Secret), and then the key published before stays, not the one it refused.
        sealer.map(s -> s.verifier().encode())
                .or(() -> Optional.ofNullable(previous).map(AuditChainStatus::getPublicKey))
                .ifPresent(status::setPublicKey);
        if (ChainConditions.newlyHalted(previous, sealer)) {
            events.warning(resource, "SealingHalted", ChainConditions.haltMessage(sealer.get()));
        }
        long next = sealer.map(s -> s.head().nextSequence())
                .orElse(previous == null || previous.getSealCount() == null ? 0L : previous.getSealCount());
        long treeSize = sealer.map(s -> s.head().treeSize())
                .orElse(previous == null || previous.getTreeSize() == null ? 0L : previous.getTreeSize());
        status.setSealCount(next);
        status.setTreeSize(treeSize);
        status.setJournalBacklog(journal.pendingRecords(id));

        List<AuditSeal> seals = context.getSecondaryResources(AuditSeal.class).stream()
                .sorted(Comparator.comparing(s -> s.getSpec().getSequence())).toList();
        if (!seals.isEmpty()) {
            AuditSeal last = seals.get(seals.size() - 1);
            status.setLastSeal(new SealReference(last.getMetadata().getName(), last.getSpec().getSequence(),
                    last.getSpec().getRootHash(), last.getMetadata().getCreationTimestamp()));
        }
        status.setKeys(KeyHistory.of(previous == null ? null : previous.getKeys(), status.getPublicKey(), seals));
        keyRing.remember(id, status.getKeys());
        List<WitnessOutcome> witnessed = witnesses.outcomes(id);
        ChainConditions.witnessed(conditions, chain.settings().witnesses().size(), witnessed);
        if (ChainConditions.newFork(previous, witnessed)) {
            events.warning(resource, "WitnessForkDetected", conditions.get(WITNESSED).map(c -> c.getMessage())
                    .orElse("a witness holds a checkpoint this chain's seals do not lead to"));
        }
        status.setOldestRetainedSeal(previous == null ? null : previous.getOldestRetainedSeal());
        status.setCheckpointBeforeOldest(previous == null ? null : previous.getCheckpointBeforeOldest());
        SealRecordPruner.Pruned pruned = pruner.prune(id, resource.getMetadata().getUid(),
                chain.settings().sealRecords(), seals, now);
        pruned.newest().ifPresent(newest -> {
            status.setOldestRetainedSeal(newest.getSpec().getSequence() + 1);
            status.setCheckpointBeforeOldest(newest.getSpec().getCheckpoint());
            events.normal(resource, "SealRecordsPruned", pruned.seals().size() + " AuditSeal records up to sequence "
                    + newest.getSpec().getSequence() + " pruned (sealRecords policy); the seals stay in storage");
        });
        List<AuditSeal> kept = seals.subList(pruned.seals().size(), seals.size());
        long firstKept = status.getOldestRetainedSeal() == null ? 0 : status.getOldestRetainedSeal();
        Set<Long> recorded = kept.stream().map(s -> s.getSpec().getSequence()).collect(Collectors.toSet());
        try {
            List<String> missing = restoreMissingSeals(resource, chain, recorded, firstKept, next, now);
            ChainConditions.intact(conditions, kept, missing, Optional.empty(), SealChecks.storeLocks(chain, sealers));
        } catch (ChainConfigException | StoreException e) {
            ChainConditions.intact(conditions, kept, List.of(), Optional.of(e.getMessage()), SealChecks.storeLocks(chain, sealers));
        }

        boolean ready = ChainConditions.ready(conditions, status.getWebhookPaths().getAudit());
        return finish(resource, status, conditions, ready ? resync(chain) : Duration.ofSeconds(10));
    }

    /**
     * Re-creates the AuditSeal records of seals in {@code [firstKept, next)} that storage holds and the cluster lost,
     * with a Warning Event each; returns the seals missing from storage as well (each also raised as an Event).
     */
    private List<String> restoreMissingSeals(AuditChain resource, RegisteredChain chain, Set<Long> recorded,
                                             long firstKept, long next, Instant now)
            throws ChainConfigException, StoreException {
        SealRecordRestorer.Result result = stores.withStore(chain, store -> {
            var check = SealChecks.forChain(chain, signingKeys, keyRing, store, sealers);
            String location = sealers.storage(chain.id()).map(SealerStatus.StorageFindings::location).orElse("");
            return restorer.restoreMissing(chain, store, check, location, recorded, firstKept, next, now);
        });
        for (long sequence : result.restored()) {
            String message = "AuditSeal " + AuditSeal.nameOf(chain.id().name(), sequence)
                    + " was missing; re-created from verified storage";
            LOG.warnf("chain %s: %s", chain.id(), message);
            events.warning(resource, "SealRecordRestored", message);
        }
        result.failures().forEach(failure -> events.warning(resource, "SealRecordMissing", failure));
        return result.failures();
    }

    private Duration resync(RegisteredChain chain) {
        Duration verify = chain.settings().verifyInterval();
        return verify.compareTo(config.chainResync()) < 0 ? verify : config.chainResync();
    }

    private UpdateControl<AuditChain> finish(AuditChain resource, AuditChainStatus status, StatusConditions conditions,
                                             Duration reschedule) {
        status.setConditions(conditions.build());
        if (status.equals(resource.getStatus())) {
            return UpdateControl.<AuditChain>noUpdate().rescheduleAfter(reschedule);
        }
        resource.setStatus(status);
        return UpdateControl.patchStatus(resource).rescheduleAfter(reschedule);
    }

    @Override
    public ErrorStatusUpdateControl<AuditChain> updateErrorStatus(AuditChain resource, Context<AuditChain> context,
                                                                  Exception e) {
        LOG.errorf(e, "reconciling AuditChain %s/%s failed", resource.getMetadata().getNamespace(),
                resource.getMetadata().getName());
        AuditChainStatus status = resource.getStatus() == null ? new AuditChainStatus() : resource.getStatus();
        StatusConditions conditions = new StatusConditions(status.getConditions(), generation(resource), Instant.now());
        status.getConditions().stream().filter(c -> !READY.equals(c.getType()))
                .forEach(conditions::keep);
        conditions.set(READY, false, REASON_ERROR, String.valueOf(e.getMessage()));
        status.setConditions(conditions.build());
        resource.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /**
     * A deleted chain stops accepting at once, and goes only once what it acknowledged is sealed: its sealer seals
     * the journal's records without waiting for the batch delay, and the finalizer stays until none is left. A chain
     * whose sealer is not running or is halted cannot drain: it goes with its records left in the journal (said
     * loudly; an AuditChain of the same name on the same storage, created later, seals them).
     */
    @Override
    public DeleteControl cleanup(AuditChain resource, Context<AuditChain> context) {
        ChainId id;
        try {
            id = chainId(resource);
        } catch (ChainConfigException e) {
            return DeleteControl.defaultDelete(); // never registered
        }
        registry.close(id);
        long unsealed = journal.pendingRecords(id);
        Optional<SealerStatus.Running> sealer = sealers.sealer(id);
        boolean canDrain = sealer.isPresent() && sealer.get().state() != SealerLoop.State.HALTED
                && sealer.get().state() != SealerLoop.State.STOPPED;
        if (unsealed > 0 && canDrain) {
            sealerControl.drain(id);
            LOG.infof("AuditChain %s deleted: no longer accepting; sealing its %d unsealed records before it goes",
                    id, unsealed);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DRAIN_POLL);
        }
        if (unsealed > 0) {
            String why = sealer.map(s -> "its sealer is " + s.state()).orElse("it has no running sealer");
            LOG.errorf("AuditChain %s deleted with %d acknowledged records NOT sealed (%s): they stay in the journal, "
                    + "where an AuditChain of the same name on the same storage seals them", id, unsealed, why);
            events.warning(resource, "DeletedWithUnsealedRecords", unsealed + " acknowledged records are not sealed ("
                    + why + "); they stay in the sink's journal");
        }
        registry.unregister(id);
        LOG.infof("AuditChain %s deleted: the sink no longer accepts records for it; its seals and AuditSeal records "
                + "are kept", id);
        return DeleteControl.defaultDelete();
    }

    /**
     * The generation last sealed as a ChainConfigChange. Statuses written before the field existed recorded every
     * generation they observed, valid or not.
     */
    private static Long recordedGeneration(AuditChainStatus previous) {
        if (previous == null) {
            return null;
        }
        return previous.getRecordedGeneration() != null ? previous.getRecordedGeneration()
                : previous.getObservedGeneration();
    }

    private static ChainId chainId(AuditChain resource) throws ChainConfigException {
        try {
            return new ChainId(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + resource.getMetadata().getNamespace() + "/"
                    + resource.getMetadata().getName() + ": " + e.getMessage());
        }
    }

    private static long generation(AuditChain resource) {
        return resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    }
}
