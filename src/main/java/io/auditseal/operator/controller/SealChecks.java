package io.auditseal.operator.controller;

import io.auditseal.SealingService;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.operator.crd.v1alpha1.chain.spec.RetentionSpec;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.RetentionMode;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.StoredSealCheck;

import java.time.Duration;
import java.util.Optional;

/** The seal check a chain's spec calls for: its key, its store, and its retention policy. */
final class SealChecks {

    private SealChecks() {
    }

    /**
     * The key is the running sealer's, which is the one its seals are signed with and costs no API request (a check
     * per AuditSeal per interval would otherwise read the key's Secret thousands of times an hour); only a chain
     * without a running sealer has its key read from the Secret.
     */
    static StoredSealCheck forChain(RegisteredChain chain, SigningKeys keys, ObjectStore store, SealingService sealing)
            throws ChainConfigException {
        RetentionSpec retention = chain.spec().getRetention();
        Optional<SealingService.StorageFindings> storage = sealing.storage(chain.id());
        boolean locks = storage.map(s -> s.check().objectLock()).orElse(chain.spec().getStorage().getS3() != null);
        Optional<NoteVerifier> sealerKey = sealing.verifier(chain.id());
        NoteVerifier key = sealerKey.isPresent() ? sealerKey.get() : keys.forChain(chain).verifier();
        return new StoredSealCheck(store, chain.id(), key, locks,
                Optional.of(RetentionMode.valueOf(retention.getMode().name())), Duration.ofDays(retention.getDays()));
    }
}
