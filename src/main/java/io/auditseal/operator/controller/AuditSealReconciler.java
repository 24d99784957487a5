package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.AuditSealStatus;
import io.auditseal.api.v1alpha1.seal.status.SealCosignature;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.format.ChainId;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.StoreException;
import io.auditseal.verify.FailureReason;
import io.auditseal.verify.SealFindings.Outcome;
import io.auditseal.verify.SealFindings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.auditseal.api.v1alpha1.seal.AuditSealConditions.*;

/**
 * Verifies each AuditSeal against storage, independently of the sealer that wrote it: at first a full re-hash,
 * then every {@code verifyInterval} the quick check (digests, signature, versions, locks, link), and a full re-hash
 * again whenever the {@code auditseal.io/reverify} annotation is set. A failure raises Warning Events on the seal
 * and its chain, and counts in {@code auditseal_seal_verification_failures_total}.
 */
@ControllerConfiguration(name = "auditseal", generationAwareEventProcessing = false)
public class AuditSealReconciler implements Reconciler<AuditSeal> {

    private static final Logger LOG = Logger.getLogger(AuditSealReconciler.class);
    private static final Duration RETRY = Duration.ofMinutes(1);
    /** How long after a seal is made its witnesses' cosignatures are waited for (a witness answers in seconds). */
    static final Duration COSIGNATURE_WAIT = Duration.ofMinutes(5);
    private static final Duration COSIGNATURE_POLL = Duration.ofSeconds(5);

    private final ChainRegistry registry;
    private final SigningKeys signingKeys;
    private final ChainKeyRing keyRing;
    private final SharedStores stores;
    private final SealerStatus sealers;
    private final KubernetesClient client;
    private final MeterRegistry metrics;
    private final KubeEvents events;

    AuditSealReconciler(ChainRegistry registry, SigningKeys signingKeys, ChainKeyRing keyRing, SharedStores stores,
                        SealerStatus sealers, KubernetesClient client, MeterRegistry metrics, KubeEvents events) {
        this.registry = registry;
        this.signingKeys = signingKeys;
        this.keyRing = keyRing;
        this.stores = stores;
        this.sealers = sealers;
        this.client = client;
        this.metrics = metrics;
        this.events = events;
    }

    @Override
    public UpdateControl<AuditSeal> reconcile(AuditSeal seal, Context<AuditSeal> context) {
        Instant now = Instant.now();
        AuditSealStatus previous = seal.getStatus();
        boolean reverify = seal.getMetadata().getAnnotations() != null
                && seal.getMetadata().getAnnotations().containsKey(AuditSeals.REVERIFY_ANNOTATION);
        boolean neverFull = previous == null || previous.getLastFullVerification() == null;

        ChainId chainId = new ChainId(seal.getMetadata().getNamespace(), seal.getSpec().getChain());
        Optional<RegisteredChain> chain = registry.find(chainId);
        if (chain.isEmpty()) {
            return finish(seal, unverifiable(seal, now, REASON_CHAIN_UNAVAILABLE, "AuditChain " + chainId
                    + " is not served by this operator (deleted, invalid or not yet reconciled)"), false, RETRY);
        }
        Duration interval = chain.get().settings().verifyInterval();
        // Not due yet only if the last check settled every condition: one left Unknown (the chain or its storage
        // was unavailable, as right after a restart) is checked again at once, not a verify interval later.
        if (!reverify && !neverFull && previous.getLastVerified() != null && settled(previous)) {
            Instant due = Instant.parse(previous.getLastVerified()).plus(interval);
            if (now.isBefore(due)) {
                if (awaitsCosignatures(chain.get(), seal, previous.getCosignatures().size(), now)) {
                    return cosignaturesOnly(chain.get(), seal, previous, now, due);
                }
                return UpdateControl.<AuditSeal>noUpdate().rescheduleAfter(Duration.between(now, due));
            }
        }

        boolean full = reverify || neverFull;
        SealFindings findings;
        List<SealCosignature> cosignatures;
        try {
            findings = stores.withStore(chain.get(), store -> SealChecks.forChain(chain.get(), signingKeys,
                    keyRing, store, sealers).check(AuditSeals.expected(seal.getSpec()), full));
            cosignatures = stores.withStore(chain.get(), store -> SealChecks.cosignatures(chain.get(), store,
                    seal.getSpec(), now));
        } catch (StoreException | ChainConfigException e) {
            // Nothing was checked: a requested reverify stays requested for the retry.
            return finish(seal, unverifiable(seal, now, REASON_STORAGE_UNAVAILABLE, e.getMessage()), false, RETRY);
        }

        AuditSealStatus status = new AuditSealStatus();
        status.setObservedGeneration(seal.getMetadata().getGeneration());
        StatusConditions conditions = new StatusConditions(previous == null ? null : previous.getConditions(),
                generationOf(seal), now);
        condition(conditions, VERIFIED, findings.integrity(), REASON_VERIFIED);
        condition(conditions, LOCKED, findings.lock(), REASON_LOCKED);
        condition(conditions, CHAIN_LINKED, findings.link(), REASON_LINKED);
        boolean verified = findings.integrity().passed() && findings.link().passed();
        status.setVerified(verified);
        status.setLastVerified(now.toString());
        status.setLastFullVerification(full ? now.toString()
                : previous == null ? null : previous.getLastFullVerification());
        status.setConditions(conditions.build());
        status.setCosignatures(cosignatures);
        reportNewFailures(seal, chainId, previous, status);
        boolean awaited = awaitsCosignatures(chain.get(), seal, cosignatures.size(), now);
        return finish(seal, status, reverify, awaited && COSIGNATURE_POLL.compareTo(interval) < 0 ? COSIGNATURE_POLL
                : interval);
    }

    /**
     * Whether a new seal still lacks a cosignature from one of its chain's witnesses: they answer after the seal is
     * recorded, so its record is looked at again soon, until {@link #COSIGNATURE_WAIT} after it was made.
     */
    private static boolean awaitsCosignatures(RegisteredChain chain, AuditSeal seal, int cosignatures, Instant now) {
        String created = seal.getMetadata().getCreationTimestamp();
        return cosignatures < chain.settings().witnesses().size() && created != null
                && now.isBefore(Instant.parse(created).plus(COSIGNATURE_WAIT));
    }

    /** Lists the cosignatures stored so far, without checking the seal again before it is due. */
    private UpdateControl<AuditSeal> cosignaturesOnly(RegisteredChain chain, AuditSeal seal, AuditSealStatus previous,
                                                      Instant now, Instant due) {
        Duration soon = Duration.between(now, due).compareTo(COSIGNATURE_POLL) < 0 ? Duration.between(now, due)
                : COSIGNATURE_POLL;
        List<SealCosignature> cosignatures;
        try {
            cosignatures = stores.withStore(chain, store -> SealChecks.cosignatures(chain, store, seal.getSpec(), now));
        } catch (StoreException | ChainConfigException e) {
            return UpdateControl.<AuditSeal>noUpdate().rescheduleAfter(soon);
        }
        if (cosignatures.equals(previous.getCosignatures())) {
            return UpdateControl.<AuditSeal>noUpdate().rescheduleAfter(soon);
        }
        AuditSealStatus status = Serialization.clone(previous);
        status.setCosignatures(cosignatures);
        return finish(seal, status, false, soon);
    }

    private static void condition(StatusConditions conditions, String type, Outcome outcome, String passedReason) {
        switch (outcome.kind()) {
            case PASSED -> conditions.set(type, true, passedReason, outcome.message());
            case FAILED -> conditions.set(type, false, reasonOf(outcome.reason().orElseThrow()), outcome.message());
            case NOT_CHECKED -> conditions.unknown(type, REASON_NOT_CHECKED, outcome.message());
        }
    }

    /** The CamelCase condition reason of a verification failure. */
    static String reasonOf(FailureReason reason) {
        return switch (reason) {
            case OBJECT_MISSING -> REASON_OBJECT_MISSING;
            case DIGEST_MISMATCH, EVENTS_UNREADABLE, RECORD_NOT_CANONICAL, RECORD_COUNT_MISMATCH,
                 BATCH_ROOT_MISMATCH, ROOT_MISMATCH, MANIFEST_INVALID, EVENTS_KEY_MISMATCH, CHAIN_MISMATCH,
                 CHECKPOINT_MISMATCH -> REASON_DIGEST_MISMATCH;
            case SIGNATURE_INVALID, KEY_HANDOVER_INVALID -> REASON_SIGNATURE_INVALID;
            case RETENTION_SHORTENED -> REASON_RETENTION_SHORTENED;
            case NOT_LOCKED -> REASON_NOT_LOCKED;
            case REWRITTEN -> REASON_REWRITTEN;
            // NOT_WITNESSED judges a whole chain's cosignatures; a seal's own check never finds it.
            case CHAIN_BROKEN, SEQUENCE_GAP, INDEX_MISMATCH, INCONSISTENT_WITH_TRUSTED_CHECKPOINT, NOT_WITNESSED ->
                    REASON_CHAIN_BROKEN;
        };
    }

    /** Raises Events and counts a failure the first time a condition turns False, not on every re-check. */
    private void reportNewFailures(AuditSeal seal, ChainId chainId, AuditSealStatus previous, AuditSealStatus status) {
        for (StatusCondition condition : status.getConditions()) {
            if (!StatusCondition.FALSE.equals(condition.getStatus())) {
                continue;
            }
            boolean wasFalse = previous != null && StatusConditions.find(previous.getConditions(), condition.getType())
                    .map(c -> StatusCondition.FALSE.equals(c.getStatus()) && condition.getReason().equals(c.getReason()))
                    .orElse(false);
            if (wasFalse || (LOCKED.equals(condition.getType()) && REASON_NOT_LOCKED.equals(condition.getReason())
                    && chainUsesDirectory(chainId))) {
                continue;
            }
            String message = "seal " + seal.getMetadata().getName() + ": " + condition.getType() + "=False ("
                    + condition.getReason() + "): " + condition.getMessage();
            LOG.errorf("chain %s: %s", chainId, message);
            Counter.builder("auditseal.seal.verification.failures")
                    .description("Seals found not to match storage, by condition reason")
                    .tags("chain", chainId.toString(), "reason", condition.getReason()).register(metrics).increment();
            events.warning(seal, condition.getReason(), message);
            AuditChain chain = client.resources(AuditChain.class).inNamespace(chainId.namespace())
                    .withName(chainId.name()).get();
            if (chain != null) {
                events.warning(chain, condition.getReason(), message);
            }
        }
    }

    private boolean chainUsesDirectory(ChainId chainId) {
        return registry.find(chainId).map(c -> c.settings().directoryStorage()).orElse(false);
    }

    private static AuditSealStatus unverifiable(AuditSeal seal, Instant now, String reason, String message) {
        AuditSealStatus previous = seal.getStatus();
        AuditSealStatus status = new AuditSealStatus();
        status.setObservedGeneration(seal.getMetadata().getGeneration());
        StatusConditions conditions = new StatusConditions(previous == null ? null : previous.getConditions(),
                generationOf(seal), now);
        conditions.unknown(VERIFIED, reason, message);
        conditions.unknown(LOCKED, reason, message);
        conditions.unknown(CHAIN_LINKED, reason, message);
        status.setConditions(conditions.build());
        if (previous != null) {
            status.setVerified(previous.getVerified());
            status.setLastVerified(previous.getLastVerified());
            status.setLastFullVerification(previous.getLastFullVerification());
        }
        return status;
    }

    private static UpdateControl<AuditSeal> finish(AuditSeal seal, AuditSealStatus status, boolean clearReverify,
                                                   Duration reschedule) {
        if (clearReverify) {
            seal.getMetadata().getAnnotations().remove(AuditSeals.REVERIFY_ANNOTATION);
            seal.setStatus(status);
            return UpdateControl.patchResourceAndStatus(seal).rescheduleAfter(reschedule);
        }
        if (status.equals(seal.getStatus())) {
            return UpdateControl.<AuditSeal>noUpdate().rescheduleAfter(reschedule);
        }
        seal.setStatus(status);
        return UpdateControl.patchStatus(seal).rescheduleAfter(reschedule);
    }

    /** Whether Verified, Locked and ChainLinked all have a definite answer (none Unknown or missing). */
    static boolean settled(AuditSealStatus status) {
        for (String type : new String[] {VERIFIED, LOCKED, CHAIN_LINKED}) {
            boolean known = StatusConditions.find(status.getConditions(), type)
                    .map(c -> !StatusCondition.UNKNOWN.equals(c.getStatus())).orElse(false);
            if (!known) {
                return false;
            }
        }
        return true;
    }

    private static long generationOf(AuditSeal seal) {
        return seal.getMetadata().getGeneration() == null ? 0 : seal.getMetadata().getGeneration();
    }
}
