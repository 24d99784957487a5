package io.auditseal.verify;

import io.auditseal.seal.format.ChainHead;
import io.auditseal.seal.format.ChainId;
import io.auditseal.seal.format.SealLayout;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.note.NoteVerifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a whole chain from storage alone, seal after seal from sequence 0, with a verifier key given by the
 * caller. Used by the demo, the operator and the CLI.
 */
public final class ChainVerifier {

    private final ObjectStore store;
    private final ChainId chain;
    private final SealVerifier sealVerifier;

    public ChainVerifier(ObjectStore store, ChainId chain, NoteVerifier trustedKey) {
        this.store = store;
        this.chain = chain;
        this.sealVerifier = new SealVerifier(chain, trustedKey);
    }

    /** Verifies every stored seal in sequence order and stops at the first that fails. */
    public ChainReport verifyAll() throws StoreException {
        String prefix = SealLayout.chainPrefix(chain);
        List<Long> sequences = new ArrayList<>();
        for (String key : store.list(prefix + "seals/")) {
            long sequence = SealLayout.sequenceOfManifestKey(key);
            if (sequence >= 0) {
                sequences.add(sequence);
            }
        }
        sequences.sort(null);
        ChainHead state = ChainHead.genesis();
        List<VerifiedSeal> verified = new ArrayList<>();
        for (long sequence : sequences) {
            byte[] manifest = store.get(prefix + SealLayout.manifestKey(sequence)).map(StoredObject::data).orElseThrow();
            Optional<StoredObject> events = store.get(prefix + SealLayout.eventsKey(sequence));
            try {
                if (events.isEmpty()) {
                    throw new SealVerificationException(sequence, FailureReason.DIGEST_MISMATCH,
                            "events object " + SealLayout.eventsKey(sequence) + " is missing");
                }
                VerifiedSeal seal = sealVerifier.verify(state, manifest, events.get().data());
                verified.add(seal);
                state = seal.next();
            } catch (SealVerificationException e) {
                return new ChainReport(chain, verified, state, Optional.of(e));
            }
        }
        return new ChainReport(chain, verified, state, Optional.empty());
    }
}
