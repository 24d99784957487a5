package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.EventsObject;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.ManifestHead;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalRecord;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fail-back: a sealer starts on a journal whose head another writer has sealed past (this replica led, another took
 * over and sealed on, now this one leads again). Its unsealed records may follow the newest stored seal instead, if
 * the seals written meanwhile extend its head link by link, verify with the chain's key, and hold none of those
 * records (compared as leaves: the bytes each is sealed as). If some of them are already sealed there (the
 * apiserver retried a batch to the other replica whose answer this one had sent too late), they are sealed again
 * with the rest, and the re-base's record lists their leaf hashes ({@code alreadySealed}), so that a reader counts
 * each once; a journal cannot take single records out, and halting would leave every record after them unsealed.
 * Past {@value #MAX_LISTED} such records (more than a few batches: not a late answer) the chain halts instead.
 */
final class FailBack {

    private static final int READ_CHUNK = BatchReader.READ_CHUNK;
    /** The most already-sealed records a re-base lists: 64 bytes each in its record. */
    static final int MAX_LISTED = 10_000;

    /** Where the journal's unsealed records continue, and the leaf hashes of those that are sealed already. */
    record Rebase(ChainHead onto, List<String> alreadySealed) {
    }

    private final ChainId chain;
    private final String prefix;
    private final Journal journal;
    private final ObjectStore store;
    private final NoteVerifier key;

    FailBack(ChainId chain, Journal journal, ObjectStore store, NoteVerifier key) {
        this.chain = chain;
        this.prefix = SealLayout.chainPrefix(chain);
        this.journal = journal;
        this.store = store;
        this.key = key;
    }

    /**
     * Where to continue: the newest stored seal after {@code ours}, once every seal from {@code ours.nextSequence()}
     * on is checked to extend the one before; and which of the journal's records from position {@code from} on those
     * seals already hold.
     */
    Rebase rebase(ChainHead ours, long from) throws StoreException, JournalException, SealingHaltedException {
        Set<String> unsealed = unsealedLeaves(from);
        ChainHead head = ours;
        List<String> alreadySealed = new ArrayList<>();
        for (long sequence = ours.nextSequence(); ; sequence++) {
            String manifestKey = prefix + SealLayout.manifestKey(sequence);
            Optional<StoredObject> manifest = store.get(manifestKey);
            if (manifest.isEmpty()) {
                break;
            }
            ChainHead next = extend(head, sequence, manifestKey, manifest.get().data());
            sealedAmong(sequence, manifest.get().data(), unsealed, alreadySealed);
            head = next;
        }
        if (alreadySealed.size() > MAX_LISTED) {
            throw new SealingHaltedException("chain " + chain + ": another writer sealed seals " + ours.nextSequence()
                    + " to " + (head.nextSequence() - 1) + " after this journal's head, and " + alreadySealed.size()
                    + " of this journal's unsealed records are already among them, more than a re-base lists ("
                    + MAX_LISTED + "): two writers received the same traffic. Records stay journaled "
                    + "(docs/OPERATOR.md, fail-back)");
        }
        return new Rebase(head, List.copyOf(alreadySealed));
    }

    /** The head after seal {@code sequence}, which must link to {@code head} and verify with the chain's key. */
    private ChainHead extend(ChainHead head, long sequence, String manifestKey, byte[] bytes)
            throws SealingHaltedException {
        try {
            SealManifest manifest = ManifestCodec.decode(bytes);
            if (!manifest.previousManifestSha256().equals(head.lastManifestSha256())
                    || manifest.firstIndex() != head.treeSize()) {
                throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " does not extend seal "
                        + (sequence - 1) + " (first index " + manifest.firstIndex() + ", tree size before "
                        + head.treeSize() + "); refusing to fork the chain");
            }
            return ManifestHead.open(sequence, bytes, key);
        } catch (InvalidManifestException | NoteException | ManifestHead.MismatchException e) {
            throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " cannot be continued from: "
                    + e.getMessage());
        }
    }

    /** Adds to {@code found} the leaf hashes of {@code unsealed} that seal {@code sequence}'s events object holds. */
    private void sealedAmong(long sequence, byte[] manifest, Set<String> unsealed, List<String> found)
            throws StoreException, SealingHaltedException {
        if (unsealed.isEmpty()) {
            return;
        }
        String eventsKey;
        try {
            // extend() has checked the manifest; its events key must be one of this seal's.
            String named = ManifestCodec.decode(manifest).events().key();
            if (SealLayout.attemptOfEventsKey(sequence, named) < 0) {
                throw new SealingHaltedException("chain " + chain + ": seal " + sequence + " names events object "
                        + named + ", which is not one of its own keys");
            }
            eventsKey = prefix + named;
        } catch (InvalidManifestException e) {
            throw new SealingHaltedException("chain " + chain + ": seal " + sequence + ": " + e.getMessage());
        }
        byte[] events = store.get(eventsKey).map(StoredObject::data).orElseThrow(() -> new SealingHaltedException(
                "chain " + chain + ": " + eventsKey + " is missing; cannot tell which records it holds"));
        try {
            EventsObject.forEachRecord(events, leaf -> {
                String hash = Digests.sha256Hex(leaf);
                if (unsealed.contains(hash)) {
                    found.add(hash);
                }
            });
        } catch (IOException e) {
            throw new SealingHaltedException("chain " + chain + ": " + eventsKey + " is not readable: " + e.getMessage());
        }
    }

    /** The SHA-256 of the leaf each unsealed journal record would be sealed as. */
    private Set<String> unsealedLeaves(long from) throws JournalException {
        Set<String> leaves = new HashSet<>();
        long next = from;
        while (true) {
            List<JournalRecord> chunk = journal.read(chain, next, READ_CHUNK, BatchReader.READ_BYTES);
            for (JournalRecord record : chunk) {
                leaves.add(Digests.sha256Hex(BatchReader.leafData(record)));
            }
            if (chunk.isEmpty()) {
                return leaves;
            }
            next = chunk.get(chunk.size() - 1).position() + 1;
        }
    }
}
