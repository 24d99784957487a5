package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.seal.AuditSealSpec;
import io.auditseal.api.v1alpha1.seal.status.SealCosignature;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainSettings;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SigningKeys;
import io.auditseal.chain.WitnessSettings;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.SealerStatus;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.note.CosignatureVerifier;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.StoredSealCheck;
import io.auditseal.verify.WitnessCheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    static StoredSealCheck forChain(RegisteredChain chain, SigningKeys keys, ChainKeyRing history, ObjectStore store,
                                    SealerStatus sealers) throws ChainConfigException {
        ChainSettings settings = chain.settings();
        boolean locks = storeLocks(chain, sealers);
        Optional<NoteVerifier> sealerKey = sealers.sealer(chain.id()).map(SealerStatus.Running::verifier);
        NoteVerifier key = sealerKey.isPresent() ? sealerKey.get() : keys.forChain(chain).verifier();
        // And every key the chain signed with before a hand-over: their seals stay valid.
        List<NoteVerifier> trusted = new ArrayList<>(List.of(key));
        history.keys(chain.id()).stream().filter(old -> !old.encode().equals(key.encode())).forEach(trusted::add);
        return new StoredSealCheck(store, chain.id(), trusted, locks, Optional.of(settings.retentionMode()),
                settings.retention());
    }

    /**
     * The cosignatures stored beside a seal that verify with the chain's witness keys (none for a chain without
     * witnesses): what its AuditSeal's status lists.
     */
    static List<SealCosignature> cosignatures(RegisteredChain chain, ObjectStore store, AuditSealSpec seal, Instant now)
            throws StoreException {
        List<CosignatureVerifier> witnesses = new ArrayList<>();
        for (WitnessSettings witness : chain.settings().witnesses()) {
            try {
                witnesses.add(CosignatureVerifier.parse(witness.vkey()));
            } catch (MalformedNoteException e) {
                // Refused when the chain was resolved: cannot happen for a registered chain.
            }
        }
        if (witnesses.isEmpty() || seal.getCheckpoint() == null) {
            return List.of();
        }
        Checkpoint checkpoint;
        try {
            checkpoint = SignedCheckpoint.unverified(seal.getCheckpoint());
        } catch (MalformedNoteException e) {
            return List.of();
        }
        Instant sealedAt = seal.getLastTimestamp() == null ? Instant.EPOCH : Instant.parse(seal.getLastTimestamp());
        WitnessCheck.Witnessed witnessed = new WitnessCheck(store, SealLayout.chainPrefix(chain.id()), witnesses)
                .check(seal.getSequence(), checkpoint, sealedAt, now);
        return witnessed.valid().stream().map(c -> new SealCosignature(c.witness(), c.time().toString(),
                c.formatLine().stripTrailing())).toList();
    }

    /** Whether the chain's storage locks objects: as its preflight found, else by its kind. */
    static boolean storeLocks(RegisteredChain chain, SealerStatus sealers) {
        return sealers.storage(chain.id()).map(s -> s.check().objectLock()).orElse(!chain.settings().directoryStorage());
    }
}
