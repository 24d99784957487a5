package io.auditseal.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.api.ChainResolver;
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
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.SigningKeys;
import io.auditseal.format.ChainId;
import io.auditseal.journal.Journal;
import io.auditseal.operator.OperatorConfig;
import io.auditseal.seal.SealerControl;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.note.NoteSigner;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    private final ChainRegistry registry;
    private final SecretSource secrets;
    private final SigningKeys signingKeys;
    private final SharedStores stores;
    private final SealerStatus sealers;
    private final SealerControl sealerControl;
    private final Journal journal;
    private final OperatorConfig config;
    private final SigningKeySecrets signingKeySecrets;
    private final ChainConfigChanges configChanges;
    private final SealRecordRestorer restorer;
    private final SealRecordPruner pruner;
    private final KubeEvents events;

    public AuditChainReconciler(ChainRegistry registry, SecretSource secrets, SigningKeys signingKeys,
                                SharedStores stores, SealerStatus sealers, SealerControl sealerControl,
                                Journal journal, OperatorConfig config, KubernetesClient client, ObjectMapper json) {
        this.registry = registry;
        this.secrets = secrets;
        this.signingKeys = signingKeys;
        this.stores = stores;
        this.sealers = sealers;
        this.sealerControl = sealerControl;
        this.journal = journal;
        this.config = config;
        this.signingKeySecrets = new SigningKeySecrets(client);
        ChainRecords records = new ChainRecords(journal, json);
        this.configChanges = new ChainConfigChanges(records);
        this.restorer = new SealRecordRestorer(client, config.missingSealGrace(), config.restoreBatch());
        this.pruner = new SealRecordPruner(client, records);
        this.events = new KubeEvents(client);
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
        try {
            id = chainId(resource);
            status.setWebhookPaths(WebhookPaths.of(id));
            chain = resolve(resource, id);
            NoteSigner signer = signingKeys.forChain(chain);
            status.setPublicKey(signer.verifier().encode());
        } catch (ChainConfigException e) {
            conditions.set(READY, false, REASON_INVALID_SPEC, e.getMessage());
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

        if (previous == null || !Long.valueOf(generation).equals(previous.getObservedGeneration())) {
            configChanges.record(id, resource, now);
        }
        register(chain);
        sealerControl.retryIfRefused(id);

        storageCondition(conditions, id);
        Optional<SealerStatus.Running> sealer = sealers.sealer(id);
        sealingCondition(conditions, id, sealer);
        reportHalt(resource, previous, sealer);
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
        intactCondition(resource, conditions, chain, kept, firstKept, next, now);

        boolean ready = conditions.allTrue(STORAGE_READY, SEALING, CHAIN_INTACT);
        conditions.set(READY, ready, ready ? REASON_READY : REASON_NOT_READY, ready
                ? "receiving at " + status.getWebhookPaths().getAudit() + " and sealing"
                : "see the StorageReady, Sealing and ChainIntact conditions");
        return finish(resource, status, conditions, ready ? resync(chain) : Duration.ofSeconds(10));
    }

    private RegisteredChain resolve(AuditChain resource, ChainId id) throws ChainConfigException {
        AuditChain effective = resource;
        if (resource.getSpec() != null && resource.getSpec().getSigningKeySecretRef() == null) {
            String origin = resource.getSpec().getOrigin();
            effective = signingKeySecrets.withGeneratedKey(resource,
                    origin == null || origin.isBlank() ? id.defaultOrigin() : origin);
        }
        return new ChainResolver(secrets).resolve(effective);
    }

    /** Registers the chain unless the same generation with the same credentials is already registered. */
    private void register(RegisteredChain chain) {
        Optional<RegisteredChain> current = registry.find(chain.id());
        if (current.isEmpty() || current.get().generation() != chain.generation()
                || !current.get().credentials().equals(chain.credentials())) {
            registry.register(chain);
        }
    }

    private void storageCondition(StatusConditions conditions, ChainId id) {
        Optional<SealerStatus.StorageFindings> storage = sealers.storage(id);
        if (storage.isEmpty()) {
            conditions.set(STORAGE_READY, false, REASON_STORAGE_REFUSED,
                    sealers.refusal(id).orElse("storage has not been checked yet"));
            return;
        }
        var check = storage.get().check();
        String findings = storage.get().location() + ": Object Lock " + (check.objectLock() ? "enabled" : "NOT enabled")
                + ", versioning " + (check.versioning() ? "enabled" : "NOT enabled");
        if (check.usable()) {
            conditions.set(STORAGE_READY, true, REASON_STORAGE_VERIFIED, findings
                    + (check.objectLock() ? "" : "; NOT tamper-proof: nothing stops deletion"));
        } else {
            conditions.set(STORAGE_READY, false, REASON_STORAGE_REFUSED, findings + ": "
                    + String.join("; ", check.problems()));
        }
    }

    private void sealingCondition(StatusConditions conditions, ChainId id, Optional<SealerStatus.Running> sealer) {
        if (sealer.isEmpty()) {
            conditions.set(SEALING, false, REASON_NOT_STARTED, sealers.refusal(id)
                    .map(why -> "not sealing: " + why + "; records stay journaled").orElse("sealer not started"));
            return;
        }
        switch (sealer.get().state()) {
            case RUNNING -> conditions.set(SEALING, true, REASON_RUNNING, "sealing");
            case BACKING_OFF -> conditions.set(SEALING, false, REASON_BACKING_OFF,
                    "sealing fails and is retried: " + sealer.get().lastError());
            case HALTED -> conditions.set(SEALING, false, REASON_HALTED,
                    "sealing halted: " + sealer.get().lastError() + "; records stay journaled");
            case STOPPED -> conditions.set(SEALING, false, REASON_NOT_STARTED, "sealer stopped");
        }
    }

    /** A Warning Event on the chain the first time its sealer is seen halted (the condition says so meanwhile). */
    private void reportHalt(AuditChain resource, AuditChainStatus previous, Optional<SealerStatus.Running> sealer) {
        if (sealer.isEmpty() || sealer.get().state() != SealerLoop.State.HALTED) {
            return;
        }
        boolean known = previous != null && StatusConditions.find(previous.getConditions(), SEALING)
                .map(c -> REASON_HALTED.equals(c.getReason())).orElse(false);
        if (!known) {
            events.warning(resource, "SealingHalted", "sealing halted: " + sealer.get().lastError()
                    + "; records stay journaled");
        }
    }

    private void intactCondition(AuditChain resource, StatusConditions conditions, RegisteredChain chain,
                                 List<AuditSeal> seals, long firstKept, long next, Instant now) {
        List<String> failed = seals.stream()
                .filter(s -> StatusConditions.find(s.getStatus() == null ? null : s.getStatus().getConditions(),
                        io.auditseal.api.v1alpha1.seal.AuditSealConditions.VERIFIED)
                        .map(c -> "False".equals(c.getStatus())).orElse(false))
                .map(s -> s.getMetadata().getName()).sorted().toList();
        long pending = seals.stream().filter(s -> s.getStatus() == null || s.getStatus().getVerified() == null).count();
        Set<Long> recorded = seals.stream().map(s -> s.getSpec().getSequence()).collect(Collectors.toSet());
        SealRecordRestorer.Result result;
        try {
            result = stores.withStore(chain, store -> {
                var check = SealChecks.forChain(chain, signingKeys, store, sealers);
                String location = sealers.storage(chain.id()).map(SealerStatus.StorageFindings::location).orElse("");
                return restorer.restoreMissing(chain, store, check, location, recorded, firstKept, next, now);
            });
        } catch (ChainConfigException | StoreException e) {
            conditions.unknown(CHAIN_INTACT, REASON_PENDING, "cannot check storage for missing seals: " + e.getMessage());
            return;
        }
        for (long sequence : result.restored()) {
            String message = "AuditSeal " + AuditSeal.nameOf(chain.id().name(), sequence)
                    + " was missing; re-created from verified storage";
            LOG.warnf("chain %s: %s", chain.id(), message);
            events.warning(resource, "SealRecordRestored", message);
        }
        List<String> missing = result.failures();
        missing.forEach(failure -> events.warning(resource, "SealRecordMissing", failure));
        if (!failed.isEmpty() || !missing.isEmpty()) {
            String message = (failed.isEmpty() ? "" : "seals failing verification: " + String.join(", ", failed))
                    + (failed.isEmpty() || missing.isEmpty() ? "" : "; ")
                    + (missing.isEmpty() ? "" : String.join("; ", missing));
            conditions.set(CHAIN_INTACT, false, REASON_SEAL_FAILED, message);
        } else {
            conditions.set(CHAIN_INTACT, true, REASON_ALL_VERIFIED, seals.size() + " seal records, "
                    + (seals.size() - pending) + " verified" + (pending > 0 ? ", " + pending + " pending" : ""));
        }
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

    @Override
    public DeleteControl cleanup(AuditChain resource, Context<AuditChain> context) {
        try {
            ChainId id = chainId(resource);
            registry.unregister(id);
            LOG.infof("AuditChain %s deleted: the sink no longer accepts records for it; its seals and AuditSeal "
                    + "records are kept", id);
        } catch (ChainConfigException e) {
            // Never registered.
        }
        return DeleteControl.defaultDelete();
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
