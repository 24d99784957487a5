package io.auditseal.api.v1alpha1;

import io.auditseal.api.v1alpha1.chain.AuditChainStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusConditionsTest {

    private static final Instant T1 = Instant.parse("2026-11-26T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-11-26T11:30:00Z");

    @Test
    void unchangedStatus_keepsTransitionTime_butTakesNewMessageAndGeneration() {
        List<StatusCondition> first = new StatusConditions(null, 1, T1).set("Ready", true, "Ready", "ok").build();
        assertEquals("2026-11-26T10:00:00Z", first.get(0).getLastTransitionTime());

        List<StatusCondition> second = new StatusConditions(first, 2, T2).set("Ready", true, "Ready", "still ok").build();
        assertEquals("2026-11-26T10:00:00Z", second.get(0).getLastTransitionTime());
        assertEquals("still ok", second.get(0).getMessage());
        assertEquals(2L, second.get(0).getObservedGeneration());
    }

    @Test
    void changedStatus_getsNewTransitionTime() {
        List<StatusCondition> first = new StatusConditions(null, 1, T1).set("Ready", true, "Ready", "ok").build();
        List<StatusCondition> second = new StatusConditions(first, 1, T2).set("Ready", false, "NotReady", "broken").build();
        assertEquals("2026-11-26T11:30:00Z", second.get(0).getLastTransitionTime());
        assertEquals(StatusCondition.FALSE, second.get(0).getStatus());

        List<StatusCondition> third = new StatusConditions(second, 1, T2.plusSeconds(5)).unknown("Ready", "Pending", "?").build();
        assertEquals(StatusCondition.UNKNOWN, third.get(0).getStatus());
        assertEquals("2026-11-26T11:30:05Z", third.get(0).getLastTransitionTime());
    }

    @Test
    void conditionsNotSetAgain_areDropped_andKeepCarriesOneOver() {
        List<StatusCondition> first = new StatusConditions(null, 1, T1)
                .set("Ready", true, "Ready", "ok").set("Sealing", true, "Running", "sealing").build();
        List<StatusCondition> second = new StatusConditions(first, 1, T2).keep(first.get(1)).build();
        assertEquals(List.of(first.get(1)), second);
    }

    @Test
    void allTrue_needsEveryNamedConditionTrue() {
        StatusConditions conditions = new StatusConditions(null, 1, T1)
                .set("A", true, "Yes", "").set("B", false, "No", "");
        assertTrue(conditions.allTrue("A"));
        assertFalse(conditions.allTrue("A", "B"));
        assertFalse(conditions.allTrue("A", "Missing"));
    }

    @Test
    void status_roundTripsThroughYaml_withoutDerivedProperties() {
        AuditChainStatus status = new AuditChainStatus();
        status.setObservedGeneration(3L);
        status.setTreeSize(42L);
        status.setConditions(new StatusConditions(null, 3, T1).set("Ready", true, "Ready", "ok").build());
        String yaml = Serialization.asYaml(status);
        assertFalse(yaml.contains("true:"), "isTrue() must not become a field: " + yaml);
        assertEquals(status, Serialization.unmarshal(yaml, AuditChainStatus.class));
    }
}
