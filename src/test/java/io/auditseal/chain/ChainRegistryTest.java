package io.auditseal.chain;

import io.auditseal.format.ChainId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainRegistryTest {

    @Test
    void holdsKeyMaterial_theSinksNamespaces_andEveryNamespaceWithAChain_registeredOrExpected() {
        ChainRegistry registry = new ChainRegistry();
        registry.addSinkNamespace("auditseal");
        registry.register(ChainSettingsFixture.registered(new ChainId("team-a", "prod"), 1));
        registry.expect(List.of(new ChainId("team-b", "staging")));

        assertTrue(registry.holdsKeyMaterial("auditseal"));
        assertTrue(registry.holdsKeyMaterial("team-a"));
        assertTrue(registry.holdsKeyMaterial("team-b"), "a chain not registered yet keeps its Secrets there already");
        assertFalse(registry.holdsKeyMaterial("prod"));

        registry.unregister(new ChainId("team-a", "prod"));
        assertFalse(registry.holdsKeyMaterial("team-a"));
    }

    @Test
    void unsealable_untilSealableOrUnregistered() {
        ChainRegistry registry = new ChainRegistry();
        ChainId id = new ChainId("ns", "a");
        registry.register(ChainSettingsFixture.registered(id, 1));
        registry.unsealable(id, "sealing halted: x");
        assertEquals(Optional.of("sealing halted: x"), registry.whyUnsealable(id));
        // A registration alone does not lift it: only a sealer that runs again does.
        registry.register(ChainSettingsFixture.registered(id, 2));
        assertEquals(Optional.of("sealing halted: x"), registry.whyUnsealable(id));
        registry.sealable(id);
        assertEquals(Optional.empty(), registry.whyUnsealable(id));

        registry.unsealable(id, "y");
        registry.unregister(id);
        assertEquals(Optional.empty(), registry.whyUnsealable(id));
    }
}
