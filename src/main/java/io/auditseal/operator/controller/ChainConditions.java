package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChainStatus;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.AuditSealConditions;
import io.auditseal.chain.RedactionRules;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.StoreCheck;
import io.auditseal.witness.WitnessOutcome;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;

import java.util.List;
import java.util.Optional;

import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.ACCEPTING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.CHAIN_INTACT;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.READY;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_ALL_VERIFIED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_BACKING_OFF;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_HALTED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_JOURNALING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_NOT_READY;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_NOT_STARTED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_PENDING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_READY;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_RUNNING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_SEALING_HALTED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_SEAL_FAILED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_STORAGE_REFUSED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_STORAGE_VERIFIED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_BUILT_IN_RULES;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.REASON_BUILT_IN_RULES_OFF;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.SEALING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.SECRETS_REDACTED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.STORAGE_READY;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED;

/**
 * The AuditChain condition rules, as pure functions of what the reconciler found: no API calls, no side effects, so
 * each rule is tested without a cluster (ChainConditionsTest).
 */
final class ChainConditions {

    private ChainConditions() {
    }

    /** StorageReady: what the storage preflight found, or why it could not run. */
    static void storage(StatusConditions conditions, Optional<SealerStatus.StorageFindings> storage,
                        Optional<String> refusal) {
        if (storage.isEmpty()) {
            conditions.set(STORAGE_READY, false, REASON_STORAGE_REFUSED, refusal.orElse("storage has not been checked yet"));
            return;
        }
        StoreCheck check = storage.get().check();
        String findings = storage.get().location() + ": Object Lock " + (check.objectLock() ? "enabled" : "NOT enabled")
                + ", versioning " + (check.versioning() ? "enabled" : "NOT enabled")
                + (check.fencesWrites() ? ", writes fenced (a key is never written twice)"
                        : ", writes NOT fenced (the server ignores conditional puts: only the leader Lease keeps two"
                        + " writers from adding versions of one key)");
        if (check.usable()) {
            conditions.set(STORAGE_READY, true, REASON_STORAGE_VERIFIED, findings
                    + (check.objectLock() ? "" : "; NOT tamper-proof: nothing stops deletion"));
        } else {
            conditions.set(STORAGE_READY, false, REASON_STORAGE_REFUSED, findings + ": "
                    + String.join("; ", check.problems()));
        }
    }

    /** Sealing: the chain's sealer state. */
    static void sealing(StatusConditions conditions, Optional<SealerStatus.Running> sealer, Optional<String> refusal) {
        if (sealer.isEmpty()) {
            conditions.set(SEALING, false, REASON_NOT_STARTED, refusal
                    .map(why -> "not sealing: " + why + "; records stay journaled").orElse("sealer not started"));
            return;
        }
        switch (sealer.get().state()) {
            case RUNNING -> conditions.set(SEALING, true, REASON_RUNNING, "sealing");
            case BACKING_OFF -> conditions.set(SEALING, false, REASON_BACKING_OFF,
                    "sealing fails and is retried: " + sealer.get().lastError());
            case HALTED -> conditions.set(SEALING, false, REASON_HALTED, haltMessage(sealer.get()));
            case STOPPED -> conditions.set(SEALING, false, REASON_NOT_STARTED, "sealer stopped");
        }
    }

    /**
     * Accepting: whether webhook records are acknowledged, or refused because the chain cannot seal them until an
     * operator acts ({@code unsealable}: the registry's reason).
     */
    static void accepting(StatusConditions conditions, Optional<String> unsealable) {
        if (unsealable.isPresent()) {
            conditions.set(ACCEPTING, false, REASON_SEALING_HALTED, "audit batches are answered 503 SEALING_HALTED "
                    + "(kube-apiserver retries, then drops them and logs it) and admission requests are not recorded, "
                    + "until the chain can seal again: " + unsealable.get());
        } else {
            conditions.set(ACCEPTING, true, REASON_JOURNALING, "records are acknowledged once journaled");
        }
    }

    /**
     * Witnessed, for a chain that names {@code witnesses} witnesses: whether each cosigned the latest checkpoint
     * submitted to it. A fork outranks every other reason, then refusals (configuration), then unreachable ones.
     * Nothing is set for a chain without witnesses.
     */
    static void witnessed(StatusConditions conditions, int witnesses, List<WitnessOutcome> outcomes) {
        if (witnesses == 0) {
            return;
        }
        List<WitnessOutcome> forks = outcomes.stream().filter(o -> o.state() == WitnessOutcome.State.FORK).toList();
        List<WitnessOutcome> refused = outcomes.stream().filter(o -> o.state() == WitnessOutcome.State.REFUSED).toList();
        List<WitnessOutcome> unreachable = outcomes.stream()
                .filter(o -> o.state() == WitnessOutcome.State.UNREACHABLE).toList();
        if (!forks.isEmpty()) {
            conditions.set(WITNESSED, false, AuditChainConditions.REASON_FORK_DETECTED, messages(forks));
        } else if (!refused.isEmpty()) {
            conditions.set(WITNESSED, false, AuditChainConditions.REASON_WITNESS_REFUSED, messages(refused));
        } else if (!unreachable.isEmpty()) {
            conditions.set(WITNESSED, false, AuditChainConditions.REASON_WITNESS_UNREACHABLE, messages(unreachable));
        } else if (outcomes.size() < witnesses) {
            conditions.unknown(WITNESSED, AuditChainConditions.REASON_NOT_SUBMITTED, "no checkpoint submitted to "
                    + (witnesses - outcomes.size()) + " of " + witnesses + " witnesses since the sink started");
        } else {
            long sequence = outcomes.stream().mapToLong(WitnessOutcome::sequence).min().orElse(0);
            conditions.set(WITNESSED, true, AuditChainConditions.REASON_COSIGNED, "all " + witnesses
                    + " witnesses cosigned; the oldest of their latest cosignatures is of seal " + sequence);
        }
    }

    /** Whether a witness reports a fork the previous status did not: then a Warning Event is due. */
    static boolean newFork(AuditChainStatus previous, List<WitnessOutcome> outcomes) {
        if (outcomes.stream().noneMatch(o -> o.state() == WitnessOutcome.State.FORK)) {
            return false;
        }
        return previous == null || StatusConditions.find(previous.getConditions(), WITNESSED)
                .map(c -> !AuditChainConditions.REASON_FORK_DETECTED.equals(c.getReason())).orElse(true);
    }

    private static String messages(List<WitnessOutcome> outcomes) {
        return outcomes.stream().map(o -> o.message() + " (seal " + o.sequence() + ")")
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** Whether the sealer is halted and the previous status did not say so yet: then an Event is due. */
    static boolean newlyHalted(AuditChainStatus previous, Optional<SealerStatus.Running> sealer) {
        if (sealer.isEmpty() || sealer.get().state() != SealerLoop.State.HALTED) {
            return false;
        }
        return previous == null || StatusConditions.find(previous.getConditions(), SEALING)
                .map(c -> !REASON_HALTED.equals(c.getReason())).orElse(true);
    }

    static String haltMessage(SealerStatus.Running sealer) {
        return "sealing halted: " + sealer.lastError() + "; the records journaled before stay journaled, new ones "
                + "are refused (see Accepting)";
    }

    /**
     * ChainIntact: no kept AuditSeal has a False condition (Verified, Locked or ChainLinked; on storage that cannot
     * lock, Locked is NotLocked by nature and StorageReady says so instead) and none is missing from the chain;
     * {@code missing} lists the seals found missing and not restorable, empty when storage could not be read
     * ({@code storageError} then says why and the condition is Unknown).
     */
    static void intact(StatusConditions conditions, List<AuditSeal> kept, List<String> missing,
                       Optional<String> storageError, boolean storeLocks) {
        if (storageError.isPresent()) {
            conditions.unknown(CHAIN_INTACT, REASON_PENDING, "cannot check storage for missing seals: "
                    + storageError.get());
            return;
        }
        List<String> failed = kept.stream()
                .map(s -> failing(s, storeLocks).map(types -> s.getMetadata().getName() + " (" + types + ")"))
                .flatMap(Optional::stream).sorted().toList();
        long pending = kept.stream().filter(s -> s.getStatus() == null || s.getStatus().getVerified() == null).count();
        if (!failed.isEmpty() || !missing.isEmpty()) {
            String message = (failed.isEmpty() ? "" : "seals failing verification: " + String.join(", ", failed))
                    + (failed.isEmpty() || missing.isEmpty() ? "" : "; ")
                    + (missing.isEmpty() ? "" : String.join("; ", missing));
            conditions.set(CHAIN_INTACT, false, REASON_SEAL_FAILED, message);
        } else {
            conditions.set(CHAIN_INTACT, true, REASON_ALL_VERIFIED, kept.size() + " seal records, "
                    + (kept.size() - pending) + " verified" + (pending > 0 ? ", " + pending + " pending" : ""));
        }
    }

    /** The seal's False conditions, as "Verified, Locked", if it has any that count. */
    static Optional<String> failing(AuditSeal seal, boolean storeLocks) {
        var status = seal.getStatus();
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        List<String> types = status.getConditions().stream()
                .filter(c -> StatusCondition.FALSE.equals(c.getStatus()))
                .filter(c -> storeLocks || !(AuditSealConditions.LOCKED.equals(c.getType())
                        && AuditSealConditions.REASON_NOT_LOCKED.equals(c.getReason())))
                .map(StatusCondition::getType).toList();
        return types.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", types));
    }

    /** SecretsRedacted: whether the built-in redaction rules cover every namespace. */
    static void secretsRedacted(StatusConditions conditions, RedactionRules redaction) {
        if (redaction.builtIn()) {
            conditions.set(SECRETS_REDACTED, true, REASON_BUILT_IN_RULES, "Secret values and issued tokens are "
                    + "removed from every record before it is durable");
        } else {
            conditions.set(SECRETS_REDACTED, false, REASON_BUILT_IN_RULES_OFF, "spec.redaction.builtIn is false: "
                    + "Secret values and issued ServiceAccount tokens are sealed in clear, for good, except in the "
                    + "sink's own namespace and in namespaces with an AuditChain");
        }
    }

    /** Whether the built-in redaction is off and the previous status did not say so yet: then an Event is due. */
    static boolean newlyUnredacted(AuditChainStatus previous, RedactionRules redaction) {
        if (redaction.builtIn()) {
            return false;
        }
        return previous == null || StatusConditions.find(previous.getConditions(), SECRETS_REDACTED)
                .map(c -> !REASON_BUILT_IN_RULES_OFF.equals(c.getReason())).orElse(true);
    }

    /** Ready: storage, sealing and the chain all good; returns it. */
    static boolean ready(StatusConditions conditions, String auditPath) {
        boolean ready = conditions.allTrue(STORAGE_READY, SEALING, CHAIN_INTACT);
        conditions.set(READY, ready, ready ? REASON_READY : REASON_NOT_READY, ready
                ? "receiving at " + auditPath + " and sealing"
                : "see the StorageReady, Sealing and ChainIntact conditions");
        return ready;
    }
}
