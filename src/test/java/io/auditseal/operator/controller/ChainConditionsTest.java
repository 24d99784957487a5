package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.chain.AuditChainStatus;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.AuditSealConditions;
import io.auditseal.api.v1alpha1.seal.AuditSealStatus;
import io.auditseal.format.ChainHead;
import io.auditseal.seal.SealerLoop;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.StoreCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.ACCEPTING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.CHAIN_INTACT;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.READY;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.SEALING;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.SECRETS_REDACTED;
import static io.auditseal.api.v1alpha1.chain.AuditChainConditions.STORAGE_READY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each AuditChain condition rule, without a cluster. */
class ChainConditionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final StatusConditions conditions = new StatusConditions(null, 1, NOW);

    private StatusCondition condition(String type) {
        return conditions.get(type).orElseThrow();
    }

    private static Optional<SealerStatus.Running> sealer(SealerLoop.State state, String lastError) {
        return Optional.of(new SealerStatus.Running(state, lastError, ChainHead.genesis(), null));
    }

    private static AuditSeal seal(String name, Boolean verified) {
        AuditSeal seal = new AuditSeal();
        seal.setMetadata(new ObjectMetaBuilder().withName(name).build());
        if (verified != null) {
            AuditSealStatus status = new AuditSealStatus();
            status.setVerified(verified);
            status.setConditions(new StatusConditions(null, 1, NOW)
                    .set(AuditSealConditions.VERIFIED, verified, verified ? "Verified" : "DigestMismatch", "")
                    .build());
            seal.setStatus(status);
        }
        return seal;
    }

    @Test
    void storage_notReached_isFalseWithTheRefusal() {
        ChainConditions.storage(conditions, Optional.empty(), Optional.of("access denied"));
        assertEquals(StatusCondition.FALSE, condition(STORAGE_READY).getStatus());
        assertEquals("access denied", condition(STORAGE_READY).getMessage());
    }

    @Test
    void storage_directoryWithoutLock_isTrueButSaysItIsNotTamperProof() {
        ChainConditions.storage(conditions, Optional.of(new SealerStatus.StorageFindings("directory /data/store",
                new StoreCheck(false, false, true, List.of()))), Optional.empty());
        assertTrue(condition(STORAGE_READY).isTrue());
        assertTrue(condition(STORAGE_READY).getMessage().endsWith("NOT tamper-proof: nothing stops deletion"));
    }

    @Test
    void storage_lockedButUnfenced_isTrueAndSaysOnlyTheLeaseKeepsWritersApart() {
        ChainConditions.storage(conditions, Optional.of(new SealerStatus.StorageFindings("s3://b",
                new StoreCheck(true, true, false, List.of()))), Optional.empty());
        assertTrue(condition(STORAGE_READY).isTrue());
        assertTrue(condition(STORAGE_READY).getMessage().contains("writes NOT fenced"),
                condition(STORAGE_READY).getMessage());
    }

    @Test
    void storage_lockedAndFenced_saysSo() {
        ChainConditions.storage(conditions, Optional.of(new SealerStatus.StorageFindings("s3://b",
                new StoreCheck(true, true, true, List.of()))), Optional.empty());
        assertTrue(condition(STORAGE_READY).getMessage().contains("writes fenced"),
                condition(STORAGE_READY).getMessage());
    }

    @Test
    void storage_bucketWithoutObjectLock_isFalseWithItsProblems() {
        ChainConditions.storage(conditions, Optional.of(new SealerStatus.StorageFindings("s3://b",
                new StoreCheck(true, false, false, List.of("bucket b has no Object Lock")))), Optional.empty());
        assertEquals("StorageRefused", condition(STORAGE_READY).getReason());
        assertTrue(condition(STORAGE_READY).getMessage().endsWith(": bucket b has no Object Lock"));
    }

    @Test
    void sealing_halted_isFalseWithWhy() {
        ChainConditions.sealing(conditions, sealer(SealerLoop.State.HALTED, "record 7 fails its CRC"), Optional.empty());
        assertEquals(StatusCondition.FALSE, condition(SEALING).getStatus());
        assertEquals("Halted", condition(SEALING).getReason());
        assertEquals("sealing halted: record 7 fails its CRC; the records journaled before stay journaled, new ones "
                + "are refused (see Accepting)", condition(SEALING).getMessage());
    }

    @Test
    void accepting_unsealableChain_isFalseWithWhy_elseTrue() {
        ChainConditions.accepting(conditions, Optional.of("sealing halted: seal 4 was rewritten"));
        assertEquals(StatusCondition.FALSE, condition(ACCEPTING).getStatus());
        assertEquals("SealingHalted", condition(ACCEPTING).getReason());
        assertTrue(condition(ACCEPTING).getMessage().endsWith("until the chain can seal again: sealing halted: seal 4 "
                + "was rewritten"), condition(ACCEPTING).getMessage());

        ChainConditions.accepting(conditions, Optional.empty());
        assertTrue(condition(ACCEPTING).isTrue());
        assertEquals("Journaling", condition(ACCEPTING).getReason());
    }

    @Test
    void sealing_notStartedBecauseRefused_saysRecordsStayJournaled() {
        ChainConditions.sealing(conditions, Optional.empty(), Optional.of("no Object Lock"));
        assertEquals("NotStarted", condition(SEALING).getReason());
        assertEquals("not sealing: no Object Lock; records stay journaled", condition(SEALING).getMessage());
    }

    @Test
    void newlyHalted_onlyTheFirstTimeTheStatusSeesIt() {
        var halted = sealer(SealerLoop.State.HALTED, "x");
        assertTrue(ChainConditions.newlyHalted(null, halted));

        AuditChainStatus running = new AuditChainStatus();
        running.setConditions(new StatusConditions(null, 1, NOW).set(SEALING, true, "Running", "sealing").build());
        assertTrue(ChainConditions.newlyHalted(running, halted));

        AuditChainStatus alreadyHalted = new AuditChainStatus();
        alreadyHalted.setConditions(new StatusConditions(null, 1, NOW).set(SEALING, false, "Halted", "x").build());
        assertFalse(ChainConditions.newlyHalted(alreadyHalted, halted));
        assertFalse(ChainConditions.newlyHalted(null, sealer(SealerLoop.State.BACKING_OFF, "x")));
        assertFalse(ChainConditions.newlyHalted(null, Optional.empty()));
    }

    @Test
    void secretsRedacted_falseWhenTheBuiltInRulesAreOff_andAnEventOnlyTheFirstTime() {
        var off = new io.auditseal.chain.RedactionRules(false, List.of());
        ChainConditions.secretsRedacted(conditions, io.auditseal.chain.RedactionRules.NONE);
        assertEquals(StatusCondition.TRUE, condition(SECRETS_REDACTED).getStatus());
        assertFalse(ChainConditions.newlyUnredacted(null, io.auditseal.chain.RedactionRules.NONE));

        ChainConditions.secretsRedacted(conditions, off);
        assertEquals(StatusCondition.FALSE, condition(SECRETS_REDACTED).getStatus());
        assertEquals("BuiltInRulesOff", condition(SECRETS_REDACTED).getReason());
        assertTrue(ChainConditions.newlyUnredacted(null, off));
        AuditChainStatus wasOff = new AuditChainStatus();
        wasOff.setConditions(conditions.build());
        assertFalse(ChainConditions.newlyUnredacted(wasOff, off));
        // A warning, not a fault: the chain still receives and seals.
        ChainConditions.storage(conditions, Optional.of(new SealerStatus.StorageFindings("s3://b",
                new StoreCheck(true, true, true, List.of()))), Optional.empty());
        ChainConditions.sealing(conditions, sealer(SealerLoop.State.RUNNING, null), Optional.empty());
        ChainConditions.intact(conditions, List.of(), List.of(), Optional.empty(), true);
        assertTrue(ChainConditions.ready(conditions, "/v1/audit/ns/c"));
    }

    @Test
    void intact_failedAndMissingSeals_isFalseNamingThem() {
        ChainConditions.intact(conditions, List.of(seal("c-0", true), seal("c-1", false), seal("c-2", null)),
                List.of("seal 3 is missing from storage"), Optional.empty(), true);
        assertEquals(StatusCondition.FALSE, condition(CHAIN_INTACT).getStatus());
        assertEquals("seals failing verification: c-1 (Verified); seal 3 is missing from storage",
                condition(CHAIN_INTACT).getMessage());
    }

    @Test
    void intact_allVerifiedOrPending_isTrueCountingThem() {
        ChainConditions.intact(conditions, List.of(seal("c-0", true), seal("c-1", null)), List.of(), Optional.empty(), true);
        assertTrue(condition(CHAIN_INTACT).isTrue());
        assertEquals("2 seal records, 1 verified, 1 pending", condition(CHAIN_INTACT).getMessage());
    }

    /** A seal whose Verified condition holds but {@code type} is False for {@code reason}. */
    private static AuditSeal sealFailing(String name, String type, String reason) {
        AuditSeal seal = seal(name, true);
        seal.getStatus().setConditions(new StatusConditions(seal.getStatus().getConditions(), 1, NOW)
                .set(type, false, reason, "").build());
        return seal;
    }

    @Test
    void intact_aSealNotLockedOrNotLinked_isFalse_thoughVerified() {
        ChainConditions.intact(conditions, List.of(seal("c-0", true),
                sealFailing("c-1", AuditSealConditions.LOCKED, "Rewritten"),
                sealFailing("c-2", AuditSealConditions.CHAIN_LINKED, "ChainBroken")), List.of(), Optional.empty(), true);
        assertEquals(StatusCondition.FALSE, condition(CHAIN_INTACT).getStatus());
        assertEquals("seals failing verification: c-1 (Locked), c-2 (ChainLinked)", condition(CHAIN_INTACT).getMessage());
    }

    @Test
    void intact_notLockedOnStorageThatCannotLock_isNoFailure() {
        // A directory store cannot lock: every seal is NotLocked, and StorageReady already says "NOT tamper-proof".
        ChainConditions.intact(conditions, List.of(sealFailing("c-0", AuditSealConditions.LOCKED, "NotLocked")),
                List.of(), Optional.empty(), false);
        assertTrue(condition(CHAIN_INTACT).isTrue());
        ChainConditions.intact(conditions, List.of(sealFailing("c-0", AuditSealConditions.LOCKED, "NotLocked")),
                List.of(), Optional.empty(), true);
        assertEquals(StatusCondition.FALSE, condition(CHAIN_INTACT).getStatus(), "a bucket that should lock did not");
    }

    @Test
    void intact_storageUnreadable_isUnknown() {
        ChainConditions.intact(conditions, List.of(seal("c-0", true)), List.of(), Optional.of("timeout"), true);
        assertEquals(StatusCondition.UNKNOWN, condition(CHAIN_INTACT).getStatus());
    }

    @Test
    void ready_onlyWhenStorageSealingAndChainAllHold() {
        conditions.set(STORAGE_READY, true, "StorageVerified", "").set(SEALING, true, "Running", "")
                .set(CHAIN_INTACT, true, "AllSealsVerified", "");
        assertTrue(ChainConditions.ready(conditions, "/v1/audit/a/b"));
        assertEquals("receiving at /v1/audit/a/b and sealing", condition(READY).getMessage());
        conditions.set(SEALING, false, "Halted", "");
        assertFalse(ChainConditions.ready(conditions, "/v1/audit/a/b"));
    }

    private static io.auditseal.witness.WitnessOutcome witness(String name, io.auditseal.witness.WitnessOutcome.State state,
                                                              long sequence) {
        return new io.auditseal.witness.WitnessOutcome(name, state, sequence, 10 * sequence, "witness " + name + " "
                + state.name().toLowerCase(), java.time.Instant.EPOCH);
    }

    @Test
    void witnessed_forkOutranksEverything_thenRefusals_thenUnreachable() {
        var cosigned = witness("w1", io.auditseal.witness.WitnessOutcome.State.COSIGNED, 5);
        var unreachable = witness("w2", io.auditseal.witness.WitnessOutcome.State.UNREACHABLE, 5);
        var refused = witness("w3", io.auditseal.witness.WitnessOutcome.State.REFUSED, 5);
        var fork = witness("w4", io.auditseal.witness.WitnessOutcome.State.FORK, 5);

        ChainConditions.witnessed(conditions, 4, java.util.List.of(cosigned, unreachable, refused, fork));
        assertEquals("ForkDetected", condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).getReason());
        assertEquals("witness w4 fork (seal 5)", condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).getMessage());
        ChainConditions.witnessed(conditions, 4, java.util.List.of(cosigned, unreachable, refused));
        assertEquals("WitnessRefused", condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).getReason());
        ChainConditions.witnessed(conditions, 4, java.util.List.of(cosigned, unreachable));
        assertEquals("WitnessUnreachable", condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).getReason());
        ChainConditions.witnessed(conditions, 2, java.util.List.of(cosigned));
        assertEquals(StatusCondition.UNKNOWN, condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).getStatus());
        ChainConditions.witnessed(conditions, 2, java.util.List.of(cosigned, witness("w5", io.auditseal.witness.WitnessOutcome.State.COSIGNED, 4)));
        assertTrue(condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).isTrue());
        assertTrue(condition(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).getMessage().endsWith("of seal 4"));
    }

    @Test
    void witnessed_chainWithoutWitnesses_setsNothing() {
        ChainConditions.witnessed(conditions, 0, java.util.List.of());
        assertTrue(conditions.get(io.auditseal.api.v1alpha1.chain.AuditChainConditions.WITNESSED).isEmpty());
    }
}
