package io.auditseal.operator.controller;

import io.auditseal.SealingService;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.operator.crd.v1alpha1.chain.spec.RetentionSpec;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.RetentionMode;
import io.auditseal.verify.StoredSealCheck;

import java.time.Duration;
import java.util.Optional;

/** The seal check a chain's spec calls for: its key, its store, and its retention policy. */
final class SealChecks {

    private SealChecks() {
    }

    static StoredSealCheck forChain(RegisteredChain chain, SigningKeys keys, ObjectStore store,
                                    Optional<SealingService.StorageFindings> storage) throws ChainConfigException {
        RetentionSpec retention = chain.spec().getRetention();
        boolean locks = storage.map(s -> s.check().objectLock()).orElse(chain.spec().getStorage().getS3() != null);
        return new StoredSealCheck(store, chain.id(), keys.forChain(chain).verifier(), locks,
                Optional.of(RetentionMode.valueOf(retention.getMode().name())), Duration.ofDays(retention.getDays()));
    }
}
