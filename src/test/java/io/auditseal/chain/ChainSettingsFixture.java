package io.auditseal.chain;

import io.auditseal.format.ChainId;
import io.auditseal.store.RetentionMode;

import java.time.Duration;
import java.util.Optional;

/** Chain settings for tests: the AuditChain defaults, sealing to a directory named after the chain. */
public final class ChainSettingsFixture {

    private ChainSettingsFixture() {
    }

    public static ChainSettings directoryChain(ChainId id, long generation) {
        return directoryChain(id, generation, new SigningSettings.Generated());
    }

    /** The same, with its checkpoint key where {@code signing} says. */
    public static ChainSettings directoryChain(ChainId id, long generation, SigningSettings signing) {
        return new ChainSettings(id, generation, "test-cluster", Optional.empty(), id.defaultOrigin(),
                new StorageSettings.Directory(id.namespace() + "-" + id.name()), RetentionMode.COMPLIANCE,
                Duration.ofDays(365), new BatchPolicy(10_000, 64L << 20, Duration.ofSeconds(10)), signing, false,
                Duration.ofMinutes(5), new SealRecordLimits(10_000, Optional.empty(), Optional.empty()),
                RedactionRules.NONE);
    }

    public static RegisteredChain registered(ChainId id, long generation) {
        return new RegisteredChain(directoryChain(id, generation), null);
    }

    public static RegisteredChain registered(ChainId id, long generation, SigningSettings signing) {
        return new RegisteredChain(directoryChain(id, generation, signing), null);
    }
}
