package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.StatusConditions;
import io.auditseal.api.v1alpha1.seal.AuditSealStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.auditseal.api.v1alpha1.seal.AuditSealConditions.CHAIN_LINKED;
import static io.auditseal.api.v1alpha1.seal.AuditSealConditions.LOCKED;
import static io.auditseal.api.v1alpha1.seal.AuditSealConditions.VERIFIED;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a seal may wait for its next scheduled check. */
class AuditSealReconcilerTest {

    private static AuditSealStatus status(StatusConditions conditions) {
        AuditSealStatus status = new AuditSealStatus();
        status.setConditions(conditions.build());
        return status;
    }

    private static StatusConditions conditions() {
        return new StatusConditions(null, 1, Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void settled_everyConditionAnswered_passedOrFailed() {
        assertTrue(AuditSealReconciler.settled(status(conditions().set(VERIFIED, true, "Verified", "")
                .set(LOCKED, false, "Rewritten", "").set(CHAIN_LINKED, true, "Linked", ""))));
    }

    @Test
    void settled_aConditionLeftUnknown_isNot_soTheSealIsCheckedAgainAtOnce() {
        // After a restart the chain was not registered yet: all three Unknown, ChainUnavailable. Waiting a whole
        // verify interval would leave the seal unverified (and the chain not intact) for that long.
        assertFalse(AuditSealReconciler.settled(status(conditions().unknown(VERIFIED, "ChainUnavailable", "")
                .unknown(LOCKED, "ChainUnavailable", "").unknown(CHAIN_LINKED, "ChainUnavailable", ""))));
        assertFalse(AuditSealReconciler.settled(status(conditions().set(VERIFIED, true, "Verified", "")
                .set(CHAIN_LINKED, true, "Linked", ""))), "Locked missing");
    }
}
