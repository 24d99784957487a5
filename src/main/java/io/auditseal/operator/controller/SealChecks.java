package io.auditseal.operator.controller;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainSettings;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.ObjectStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.StoredSealCheck;

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
    static StoredSealCheck forChain(RegisteredChain chain, SigningKeys keys, ObjectStore store, SealerStatus sealers)
            throws ChainConfigException {
        ChainSettings settings = chain.settings();
        boolean locks = storeLocks(chain, sealers);
        Optional<NoteVerifier> sealerKey = sealers.sealer(chain.id()).map(SealerStatus.Running::verifier);
        NoteVerifier key = sealerKey.isPresent() ? sealerKey.get() : keys.forChain(chain).verifier();
        return new StoredSealCheck(store, chain.id(), key, locks, Optional.of(settings.retentionMode()),
                settings.retention());
    }

    /** Whether the chain's storage locks objects: as its preflight found, else by its kind. */
    static boolean storeLocks(RegisteredChain chain, SealerStatus sealers) {
        return sealers.storage(chain.id()).map(s -> s.check().objectLock()).orElse(!chain.settings().directoryStorage());
    }
}
