package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.ManifestHead;
import io.auditseal.format.SealLayout;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;

import java.util.Optional;

/**
 * Lines a chain's sealer state up with its storage before sealing starts. A journal without state for the chain (a
 * new data directory) over a bucket that holds seals continues that chain from its newest manifest instead of
 * colliding with seal 0; a journal with state requires storage to hold the newest seal it records, byte for byte.
 */
final class StartupRecovery {

    private final ChainId chain;
    private final String prefix;
    private final ObjectStore store;
    private final NoteVerifier key;
    private final Optional<NoteVerifier> previousKey;
    // Set when the newest stored seal is signed by the previous key: the chain must be handed over first.
    private boolean handoverDue;

    StartupRecovery(ChainId chain, ObjectStore store, NoteVerifier key) {
        this(chain, store, key, Optional.empty());
    }

    /** @param previousKey the key a configured rotation hands over from, if one is configured */
    StartupRecovery(ChainId chain, ObjectStore store, NoteVerifier key, Optional<NoteVerifier> previousKey) {
        this.chain = chain;
        this.prefix = SealLayout.chainPrefix(chain);
        this.store = store;
        this.key = key;
        this.previousKey = previousKey;
    }

    /**
     * Whether the newest stored seal recovery looked at is signed by the previous key of a configured rotation (and
     * not by the chain's key): the next seal must be the hand-over.
     */
    boolean handoverDue() {
        return handoverDue;
    }

    /** Opens a stored manifest with the chain's key or, failing that, with the previous key of a rotation. */
    private ChainHead open(long sequence, byte[] bytes) throws InvalidManifestException, ManifestHead.MismatchException,
            NoteException {
        try {
            return ManifestHead.open(sequence, bytes, key);
        } catch (NoteException notTheKey) {
            if (previousKey.isEmpty()) {
                throw notTheKey;
            }
            ChainHead head = ManifestHead.open(sequence, bytes, previousKey.get());
            handoverDue = true;
            return head;
        }
    }

    /**
     * The head after the newest seal in storage, checked by {@link ManifestHead} against the chain's key; empty
     * when storage holds no seal of the chain.
     */
    Optional<ChainHead> newestStoredHead() throws StoreException, SealingHaltedException {
        long newest = -1;
        for (String key : store.list(prefix + "seals/")) {
            newest = Math.max(newest, SealLayout.sequenceOfManifestKey(key));
        }
        if (newest < 0) {
            return Optional.empty();
        }
        String manifestKey = prefix + SealLayout.manifestKey(newest);
        byte[] bytes = store.get(manifestKey).orElseThrow(() ->
                new SealingHaltedException("chain " + chain + ": " + manifestKey + " vanished while recovering"))
                .data();
        try {
            return Optional.of(open(newest, bytes));
        } catch (ManifestHead.MismatchException e) {
            throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " is inconsistent; cannot recover: "
                    + e.getMessage());
        } catch (InvalidManifestException | NoteException e) {
            throw new SealingHaltedException("chain " + chain + ": cannot recover from " + manifestKey + ": " + e.getMessage());
        }
    }

    /**
     * The journal says seals up to {@code head.nextSequence() - 1} were written: storage must hold the newest of
     * them, byte for byte, signed by the chain's key. Otherwise the chain is pointed at another (or an emptied)
     * bucket, and sealing on would write seals that link to nothing; or its signing key was replaced (its Secret
     * edited or recreated), and sealing on would make a chain whose later checkpoints no verifier of its published
     * key accepts: halt instead.
     */
    void requireStored(ChainHead head) throws StoreException, SealingHaltedException {
        if (head.nextSequence() == 0) {
            return;
        }
        String key = prefix + SealLayout.manifestKey(head.nextSequence() - 1);
        Optional<StoredObject> stored = store.get(key);
        if (stored.isEmpty()) {
            throw new SealingHaltedException("chain " + chain + ": the journal records " + head.nextSequence()
                    + " seals but " + store.describe() + " has no " + key + ": wrong bucket or prefix, or the seals "
                    + "were deleted. Not sealing, so that no seal links to a missing one");
        }
        if (!Digests.sha256Hex(stored.get().data()).equals(head.lastManifestSha256())) {
            throw new SealingHaltedException("chain " + chain + ": " + key + " in " + store.describe()
                    + " is not the manifest this sink wrote (digest differs). Not sealing");
        }
        try {
            open(head.nextSequence() - 1, stored.get().data());
        } catch (NoteException e) {
            throw new SealingHaltedException("chain " + chain + ": the newest seal " + key + " is not signed by the "
                    + "chain's signing key " + this.key.encode() + (previousKey.isEmpty() ? "" : " nor by the previous key "
                    + previousKey.get().encode() + " its rotation names") + " (was its Secret replaced?)"
                    + ". Not sealing, so that the chain never changes keys unrecorded: restore the key it was signed with,"
                    + " or name that key as the previous one of a key rotation");
        } catch (InvalidManifestException | ManifestHead.MismatchException e) {
            throw new SealingHaltedException("chain " + chain + ": " + key + " cannot be read: " + e.getMessage());
        }
    }
}
