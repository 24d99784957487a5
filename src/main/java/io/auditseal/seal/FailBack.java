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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fail-back: a sealer starts on a journal whose head another writer has sealed past (this replica led, another took
 * over and sealed on, now this one leads again). Its unsealed records may follow the newest stored seal instead, if
 * the seals written meanwhile extend its head link by link, verify with the chain's key, and hold none of those
 * records (compared as leaves: the bytes each is sealed as). If one of them is already sealed there (the apiserver
 * retried a batch to the other replica whose answer this one had sent too late), sealing it again would record it
 * twice: the chain halts instead, its records kept.
 */
final class FailBack {

    private static final int READ_CHUNK = BatchReader.READ_CHUNK;

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
     * The head to continue from: the newest stored seal after {@code ours}, once every seal from
     * {@code ours.nextSequence()} on is checked to extend the one before and to hold none of the journal's records
     * from position {@code from} on.
     */
    ChainHead rebase(ChainHead ours, long from) throws StoreException, JournalException, SealingHaltedException {
        Set<String> unsealed = unsealedLeaves(from);
        ChainHead head = ours;
        int alreadySealed = 0;
        for (long sequence = ours.nextSequence(); ; sequence++) {
            String manifestKey = prefix + SealLayout.manifestKey(sequence);
            Optional<StoredObject> manifest = store.get(manifestKey);
            if (manifest.isEmpty()) {
                break;
            }
            ChainHead next = extend(head, sequence, manifestKey, manifest.get().data());
            alreadySealed += sealedAmong(sequence, unsealed);
            head = next;
        }
        if (alreadySealed > 0) {
            throw new SealingHaltedException("chain " + chain + ": another writer sealed seals " + ours.nextSequence()
                    + " to " + (head.nextSequence() - 1) + " after this journal's head, and " + alreadySealed
                    + " of this journal's unsealed records are already among them; sealing them again would record "
                    + "them twice. Records stay journaled (docs/OPERATOR.md, fail-back)");
        }
        return head;
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

    /** How many of {@code unsealed} seal {@code sequence}'s events object holds. */
    private int sealedAmong(long sequence, Set<String> unsealed) throws StoreException, SealingHaltedException {
        if (unsealed.isEmpty()) {
            return 0;
        }
        String eventsKey = prefix + SealLayout.eventsKey(sequence);
        byte[] events = store.get(eventsKey).map(StoredObject::data).orElseThrow(() -> new SealingHaltedException(
                "chain " + chain + ": " + eventsKey + " is missing; cannot tell which records it holds"));
        int[] found = {0};
        try {
            EventsObject.forEachRecord(events, leaf -> {
                if (unsealed.contains(Digests.sha256Hex(leaf))) {
                    found[0]++;
                }
            });
        } catch (IOException e) {
            throw new SealingHaltedException("chain " + chain + ": " + eventsKey + " is not readable: " + e.getMessage());
        }
        return found[0];
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
