package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.EventsObject;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalRecord;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.note.NoteSigner;
import io.auditseal.tlog.note.NoteVerifier;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The sequencer of one chain: takes journaled records in order, cuts seals by size or age, writes each seal's two
 * objects once, reads them back, and only then advances the chain and releases the records from the journal.
 *
 * <p>Single writer: one thread per chain calls {@link #step()} (in a cluster, only the leader runs sealers).
 * Fork-free across crashes: before writing sequence N it looks for N in storage; a seal found there is adopted
 * only if it is exactly what the journal's records give, and anything else halts the chain (or, before this sealer's
 * first commit, is a fail-back). An events object another writer left without a manifest is never overwritten: the
 * seal's events go to the next attempt key. Nothing is overwritten or skipped.
 */
public final class ChainSealer {

    private static final System.Logger LOG = System.getLogger(ChainSealer.class.getName());

    /** What one {@link #step()} did. */
    public sealed interface Step {
        /** Nothing journaled. */
        record Idle() implements Step { }

        /** Records wait for more company or for their delay to run out, at the latest until {@code due}. */
        record Waiting(Instant due) implements Step { }

        /** A seal was written (or adopted) and verified. */
        record Sealed(CommittedSeal seal) implements Step { }

        /**
         * Fail-back: another writer had sealed past this journal's head; its {@code unsealed} records now follow
         * {@code onto} instead of {@code from} (see {@link FailBack}).
         */
        /** Re-based after a fail-back; {@code alreadySealed} of the {@code unsealed} records are sealed twice. */
        record Rebased(ChainHead from, ChainHead onto, long unsealed, int alreadySealed) implements Step { }
    }

    private final ChainId chain;
    private final String prefix;
    private final Journal journal;
    private final ObjectStore store;
    private final SealAssembler assembler;
    private final SealPolicy policy;
    private final InstantSource clock;
    private final boolean storeLocks;
    private final BatchReader reader;
    // Only the sealing thread reads or writes it.
    private SealerState state;
    // Storage may hold a seal this process did not finish: true at start and after any failed attempt, false once
    // a seal commits. Only then are the store's next objects looked for, so an idle chain costs no store request
    // per poll: with one writer per chain, nothing else can have written them.
    private boolean unfinishedAttempt = true;
    // Set from another thread by drain(): the sealing thread must see it on its next step.
    private volatile boolean draining;
    // Whether, during an unfinished attempt, the next manifest was already found absent.
    private boolean manifestChecked;
    // Assembles the next seal while the current one is written and read back; null: not ahead of time.
    private LookAhead lookAhead;
    private final Optional<KeyHandover> handover;
    // The newest stored seal is signed by the handover's previous key: the next seal hands the chain over.
    private boolean handoverDue;
    // Whether this sealer has committed a seal. Before its first, a stored seal that is not its own is a fail-back
    // (another writer sealed on while this journal was away): re-based. After it, another writer is writing now:
    // the chain halts.
    private boolean committedOne;

    public ChainSealer(ChainId chain, Journal journal, ObjectStore store, SealAssembler assembler, SealPolicy policy,
                       InstantSource clock, boolean storeLocks) throws JournalException {
        this(chain, journal, store, assembler, policy, clock, storeLocks, Optional.empty());
    }

    /** @param handover a configured key rotation: the chain is handed over from its previous key if still due */
    public ChainSealer(ChainId chain, Journal journal, ObjectStore store, SealAssembler assembler, SealPolicy policy,
                       InstantSource clock, boolean storeLocks, Optional<KeyHandover> handover) throws JournalException {
        this.handover = handover;
        this.chain = chain;
        this.prefix = SealLayout.chainPrefix(chain);
        this.journal = journal;
        this.store = store;
        this.assembler = assembler;
        this.policy = policy;
        this.clock = clock;
        this.storeLocks = storeLocks;
        this.reader = new BatchReader(chain, journal);
        this.state = journal.chainState(chain).map(SealerState::decode).orElseGet(SealerState::initial);
    }

    /**
     * Lines the state up with storage before the first step (see {@link StartupRecovery}): with no state in the
     * journal, continues the chain from its newest stored seal, if any, and journals a record saying so
     * ({@link JournalEvidence#startedFromStorage}); with state, requires storage to hold the newest seal it records.
     */
    public void recoverFromStorage() throws StoreException, JournalException, SealingHaltedException {
        StartupRecovery recovery = new StartupRecovery(chain, store, assembler.verifier(),
                handover.map(h -> h.previous().verifier()));
        if (journal.chainState(chain).isPresent()) {
            recovery.requireStored(state.head());
        } else {
            Optional<ChainHead> stored = recovery.newestStoredHead();
            if (stored.isPresent()) {
                // Journaled before the state is kept: a crash in between records the start twice, never not at all.
                journal.append(chain, List.of(JournalEvidence.startedFromStorage(chain, stored.get(), clock.instant())));
                SealerState recovered = new SealerState(stored.get(), 0);
                journal.putChainState(chain, recovered.encode());
                state = recovered;
            }
        }
        handoverDue = recovery.handoverDue();
        if (handoverDue) {
            long size = state.head().treeSize();
            OptionalLong revoked = handover.orElseThrow().revokedFromTreeSize();
            if (revoked.isPresent() && revoked.getAsLong() > size) {
                throw new SealingHaltedException("chain " + chain + ": the rotation revokes the previous key from tree "
                        + "size " + revoked.getAsLong() + ", but the chain holds " + size + " records: a key cannot be "
                        + "revoked from a size it has not signed yet");
            }
        }
    }

    /** Whether the next seal is the hand-over from the previous key of a configured rotation. */
    public boolean handoverDue() {
        return handoverDue;
    }

    public ChainHead head() {
        return state.head();
    }

    /** The verifier key of the key this chain's checkpoints are signed with. */
    public NoteVerifier verifier() {
        return assembler.verifier();
    }

    /**
     * Pipelines sealing: while one seal is written and read back (mostly waiting on storage), the next full batch
     * is canonicalised and assembled on {@code preparer}. Writes stay strictly one at a time and in order; a
     * prepared seal is used only if the seal before it committed exactly as assembled, else it is dropped.
     */
    /** From now on a batch is due as soon as it has a record: no more are coming (the chain is being deleted). */
    public void drain() {
        draining = true;
    }

    public void prepareAheadOn(Executor preparer) {
        this.lookAhead = new LookAhead(chain, journal, reader, assembler, policy, clock, preparer);
    }

    /**
     * Seals the next batch if one is due.
     *
     * @throws StoreException          storage failed; retry later (nothing was acknowledged as sealed)
     * @throws JournalException        the journal failed; retry later
     * @throws SealingHaltedException  storage and journal disagree; the chain must stop
     */
    public Step step() throws StoreException, JournalException, SealingHaltedException {
        long sequence = state.head().nextSequence();
        if (handoverDue) {
            return attempt(() -> handOver(sequence));
        }
        if (unfinishedAttempt && !manifestChecked) {
            Optional<StoredObject> existing = store.get(prefix + SealLayout.manifestKey(sequence));
            if (existing.isPresent()) {
                return attempt(() -> adoptOrRebase(sequence, existing.get()));
            }
            manifestChecked = true;
        }
        Optional<PreparedSeal> prepared = takePrepared();
        if (prepared.isPresent()) {
            return attempt(() -> new Step.Sealed(write(sequence, prepared.get(), Optional.empty())));
        }
        // While a batch fills up, only its oldest record is read (to know when it is due), not the whole batch on
        // every poll: reading 10,000 records five times a second would cost more than sealing them.
        List<JournalRecord> oldest = journal.read(chain, state.nextJournalPosition(), 1);
        if (oldest.isEmpty()) {
            return new Step.Idle();
        }
        if (!draining && !policy.full(journal.pendingRecords(chain), journal.pendingBytes(chain))) {
            Instant due = oldest.get(0).acceptedAt().plus(policy.maxDelay());
            if (clock.instant().isBefore(due)) {
                return new Step.Waiting(due);
            }
        }
        return attempt(() -> new Step.Sealed(seal(sequence)));
    }

    private interface Attempt {
        Step run() throws StoreException, JournalException, SealingHaltedException;
    }

    /** Runs a write, adoption or re-base; if it fails, storage may now be ahead of the journal state. */
    private Step attempt(Attempt attempt) throws StoreException, JournalException, SealingHaltedException {
        try {
            Step step = attempt.run();
            // After a re-base, storage is looked at again before the next write: the other writer may not be done.
            unfinishedAttempt = step instanceof Step.Rebased;
            manifestChecked = false;
            return step;
        } catch (StoreException | JournalException | SealingHaltedException | RuntimeException e) {
            unfinishedAttempt = true;
            manifestChecked = false;
            if (lookAhead != null) {
                lookAhead.discard();
            }
            throw e;
        }
    }

    /**
     * Seals the journal's next records (up to maxRecords or maxBytes), or finishes a seal a crash left half-written.
     * After a failed attempt, events objects left at this sequence without a manifest are looked at: one holding
     * exactly this journal's next records is this journal's own, and the seal is finished with it. One that is not
     * was left by another writer that stopped between its two puts; it cannot be overwritten (it is locked, and
     * its records are that writer's to seal when it fails back), so this seal's events go to the next free attempt
     * key ({@link SealLayout#eventsKey(long, int)}) and its manifest names that.
     */
    private CommittedSeal seal(long sequence) throws StoreException, JournalException, SealingHaltedException {
        int attempt = 0;
        if (unfinishedAttempt) {
            List<LeftEvents> left = eventsLeftAt(sequence);
            for (LeftEvents orphan : left) {
                Optional<PreparedSeal> own = finishing(orphan);
                if (own.isPresent()) {
                    return write(sequence, own.get(), Optional.of(orphan.object()));
                }
            }
            if (!left.isEmpty()) {
                attempt = left.get(left.size() - 1).attempt() + 1;
                if (attempt > SealLayout.MAX_EVENTS_ATTEMPT) {
                    throw new SealingHaltedException("chain " + chain + ": seal " + sequence + " has "
                            + left.size() + " events objects no manifest names; refusing to add more");
                }
                LOG.log(System.Logger.Level.WARNING, "chain " + chain + ": " + describe(left) + " at seal " + sequence
                        + " without a manifest: another writer stopped between its two puts (its journal still holds "
                        + "those records and seals them when it fails back). This journal's records go to "
                        + SealLayout.eventsKey(sequence, attempt));
            }
        }
        BatchReader.Batch batch = reader.readInto(assembler.begin(state.head()), state.nextJournalPosition(),
                policy.maxRecords(), policy.maxBytes());
        PreparedSeal prepared = batch.finish(state.head(), state.nextJournalPosition(), clock.instant());
        return write(sequence, prepared.withEventsKey(SealLayout.eventsKey(sequence, attempt)), Optional.empty());
    }

    /** An events object found at a seal's sequence with no manifest naming it, and the attempt its key says. */
    private record LeftEvents(int attempt, String key, StoredObject object, OptionalInt records) {
    }

    /** The events objects stored at {@code sequence}, in attempt order (a manifest for it was looked for first). */
    private List<LeftEvents> eventsLeftAt(long sequence) throws StoreException {
        List<LeftEvents> left = new ArrayList<>();
        for (String key : store.list(prefix + SealLayout.sealDirectory(sequence))) {
            int attempt = SealLayout.attemptOfEventsKey(sequence, key.substring(prefix.length()));
            if (attempt < 0) {
                continue;
            }
            Optional<StoredObject> object = store.get(key);
            if (object.isPresent()) {
                OptionalInt records;
                try {
                    records = OptionalInt.of(EventsObject.recordCount(object.get().data()));
                } catch (IOException e) {
                    records = OptionalInt.empty();
                }
                left.add(new LeftEvents(attempt, key, object.get(), records));
            }
        }
        left.sort(Comparator.comparingInt(LeftEvents::attempt));
        return left;
    }

    /**
     * The seal that finishes {@code orphan}, if it holds exactly the records this journal would seal next (a crash
     * came between this journal's own two puts). Read up to the policy's byte limit, as the seal was cut.
     */
    private Optional<PreparedSeal> finishing(LeftEvents orphan) throws StoreException, JournalException {
        if (orphan.records().isEmpty() || orphan.records().getAsInt() == 0) {
            return Optional.empty();
        }
        int count = orphan.records().getAsInt();
        BatchReader.Batch batch = reader.readInto(assembler.begin(state.head()), state.nextJournalPosition(), count,
                policy.maxBytes());
        if (batch.builder().count() != count) {
            return Optional.empty();
        }
        PreparedSeal prepared = batch.finish(state.head(), state.nextJournalPosition(), createdAt(orphan.key()));
        if (!Arrays.equals(orphan.object().data(), prepared.seal().eventsObject())) {
            return Optional.empty();
        }
        return Optional.of(prepared.withEventsKey(orphan.key().substring(prefix.length())));
    }

    private static String describe(List<LeftEvents> left) {
        return left.stream().map(o -> o.key() + " (" + (o.records().isPresent() ? o.records().getAsInt() + " records"
                : "not readable gzip") + ")").collect(Collectors.joining(", "));
    }

    /**
     * Writes an assembled seal (the events object unless a crashed attempt left it), reads both objects back, then
     * commits. Meanwhile the next full batch is assembled on the preparer, if there is one.
     */
    private CommittedSeal write(long sequence, PreparedSeal prepared, Optional<StoredObject> orphan)
            throws StoreException, JournalException, SealingHaltedException {
        AssembledSeal seal = prepared.seal();
        String eventsKey = prefix + seal.manifest().events().key();
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        long nextJournalPosition = prepared.nextJournalPosition();
        if (lookAhead != null) {
            lookAhead.start(seal.next(), nextJournalPosition, seal.manifest().recordCount(), prepared.journalBytes());
        }
        long t2 = System.nanoTime();
        StoredObject events = orphan.isPresent() ? orphan.get()
                : store.put(eventsKey, seal.eventsObject(), PutOptions.events(retention()));
        StoredObject manifest = store.put(manifestKey, seal.manifestBytes(), PutOptions.manifest(retention()));
        long t3 = System.nanoTime();
        Optional<Retention> retention = readBack(eventsKey, seal.eventsObject(), manifestKey, seal.manifestBytes());
        long t4 = System.nanoTime();
        commit(seal.next(), nextJournalPosition);
        return new CommittedSeal(chain, seal.manifest(), seal.next().lastManifestSha256(), events.versionId(),
                manifest.versionId(), retention, false, new CommittedSeal.Timings(prepared.canonicalize(),
                prepared.assemble(), Duration.ofNanos(t3 - t2), Duration.ofNanos(t4 - t3)));
    }

    /**
     * Seals the hand-over from the rotation's previous key: one KeyRotation record, its checkpoint signed by the
     * previous key and then the chain's key. A hand-over already in storage at this sequence (a crash came after its
     * manifest was written, or another replica with the same configuration made it) is adopted instead; any other
     * seal there goes the usual way (adoption, fail-back or halt).
     */
    private Step handOver(long sequence) throws StoreException, JournalException, SealingHaltedException {
        NoteSigner previous = handover.orElseThrow().previous();
        Optional<StoredObject> existing = store.get(prefix + SealLayout.manifestKey(sequence));
        if (existing.isPresent()) {
            Optional<CommittedSeal> adopted = adoptHandover(sequence, existing.get(), previous);
            handoverDue = false;
            return adopted.isPresent() ? new Step.Sealed(adopted.get()) : adoptOrRebase(sequence, existing.get());
        }
        KeyRotation rotation = Handover.rotation(chain, assembler, handover.orElseThrow(), clock.instant());
        AssembledSeal seal = Handover.assemble(assembler, handover.orElseThrow(), rotation, state.head());
        PreparedSeal prepared = new PreparedSeal(state.head(), state.nextJournalPosition(), state.nextJournalPosition(),
                0, seal, Duration.ZERO, Duration.ZERO);
        CommittedSeal written = write(sequence, prepared, Optional.empty()).handingOver(rotation);
        handoverDue = false;
        LOG.log(System.Logger.Level.INFO, "chain " + chain + ": handed over from key " + previous.verifier().encode()
                + " to " + assembler.verifier().encode() + " at seal " + sequence + " (tree size "
                + written.manifest().treeSize() + ")" + handover.orElseThrow().revokedFromTreeSize().stream()
                .mapToObj(size -> "; the previous key is revoked from tree size " + size).findFirst().orElse(""));
        return new Step.Sealed(written);
    }

    /** The hand-over found at {@code sequence}, adopted, if it is one from {@code previous} to this chain's key. */
    private Optional<CommittedSeal> adoptHandover(long sequence, StoredObject stored, NoteSigner previous)
            throws StoreException, JournalException, SealingHaltedException {
        SealManifest found;
        try {
            found = ManifestCodec.decode(stored.data());
        } catch (InvalidManifestException e) {
            return Optional.empty();
        }
        String eventsKey = prefix + found.events().key();
        Optional<StoredObject> events = store.get(eventsKey);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        Optional<Handover.Found> handover = Handover.recognise(chain, sequence, state.head(), stored.data(),
                events.get().data(), previous.verifier(), assembler.verifier());
        if (handover.isEmpty()) {
            return Optional.empty();
        }
        ChainHead next = handover.get().next();
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        Optional<Retention> retention = readBack(eventsKey, events.get().data(), manifestKey, stored.data());
        commit(next, state.nextJournalPosition());
        LOG.log(System.Logger.Level.INFO, "chain " + chain + ": adopted the hand-over to key "
                + assembler.verifier().encode() + " found at seal " + sequence);
        return Optional.of(new CommittedSeal(chain, found, next.lastManifestSha256(), events.get().versionId(),
                stored.versionId(), retention, true,
                new CommittedSeal.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .handingOver(handover.get().rotation()));
    }

    /** The seal the look-ahead assembled, if the chain stands exactly where it was assembled from. */
    private Optional<PreparedSeal> takePrepared() {
        if (lookAhead == null) {
            return Optional.empty();
        }
        if (unfinishedAttempt) {
            lookAhead.discard();
            return Optional.empty();
        }
        return lookAhead.take(state.head(), state.nextJournalPosition());
    }

    /**
     * Seal {@code sequence} is already in storage. If it is the seal of this journal's next records (a crash came
     * after its manifest was written), it is checked and adopted. If it is not, another writer sealed on from this
     * head: before this sealer's first commit that is a fail-back, and its records are re-based; after it, two
     * writers are at work, and the chain halts.
     */
    private Step adoptOrRebase(long sequence, StoredObject stored)
            throws StoreException, JournalException, SealingHaltedException {
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        SealManifest found;
        try {
            found = ManifestCodec.decode(stored.data());
        } catch (InvalidManifestException e) {
            throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " is not a valid manifest: " + e.getMessage());
        }
        int count = (int) Math.min(found.recordCount(), Integer.MAX_VALUE);
        // Adoption matches a seal's exact record count, whatever byte limit it was cut at.
        BatchReader.Batch batch = reader.readInto(assembler.begin(state.head()), state.nextJournalPosition(), count,
                Long.MAX_VALUE);
        AssembledSeal expected = batch.builder().count() == found.recordCount()
                ? batch.builder().finish(clock.instant()) : null;
        if (expected != null && sameSeal(sequence, found, expected.manifest())) {
            return new Step.Sealed(adopt(sequence, stored, found, expected, batch.nextPosition()));
        }
        if (!committedOne) {
            return rebase();
        }
        String want = expected == null ? batch.builder().count() + " unsealed records"
                : "tree size " + expected.manifest().treeSize() + ", root " + expected.manifest().rootHash();
        throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " (tree size " + found.treeSize()
                + ", root " + found.rootHash() + ") is not the seal of the journal's records (" + want
                + "): another writer sealed it while this one runs; refusing to fork the chain");
    }

    private static boolean sameSeal(long sequence, SealManifest found, SealManifest want) {
        // The events key may differ (another writer's events object took the first one); it must be this seal's.
        return found.sequence() == sequence && SealLayout.attemptOfEventsKey(sequence, found.events().key()) >= 0
                && found.firstIndex() == want.firstIndex()
                && found.treeSize() == want.treeSize() && found.rootHash().equals(want.rootHash())
                && found.batchRoot().equals(want.batchRoot())
                && found.previousManifestSha256().equals(want.previousManifestSha256())
                && found.events().sha256().equals(want.events().sha256())
                && found.chain().equals(want.chain()) && found.origin().equals(want.origin());
    }

    /** Adopts this journal's own seal found in storage: read back, then commit. */
    private CommittedSeal adopt(long sequence, StoredObject stored, SealManifest found, AssembledSeal expected,
                                long nextJournalPosition) throws StoreException, JournalException, SealingHaltedException {
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        String eventsKey = prefix + found.events().key();
        Optional<Retention> retention = readBack(eventsKey, expected.eventsObject(), manifestKey, stored.data());
        ChainHead next = new ChainHead(sequence + 1, expected.next().range(), Digests.sha256Hex(stored.data()));
        commit(next, nextJournalPosition);
        StoredObject events = store.get(eventsKey).orElseThrow();
        return new CommittedSeal(chain, found, next.lastManifestSha256(), events.versionId(), stored.versionId(),
                retention, true, new CommittedSeal.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }

    /**
     * Moves this journal's unsealed records onto the newest stored seal ({@link FailBack} checks that this is
     * sound), and journals a record saying so, sealed after them.
     */
    private Step rebase() throws StoreException, JournalException, SealingHaltedException {
        ChainHead from = state.head();
        FailBack.Rebase rebase = new FailBack(chain, journal, store, assembler.verifier())
                .rebase(from, state.nextJournalPosition());
        ChainHead onto = rebase.onto();
        long unsealed = journal.pendingRecords(chain);
        // The evidence first: a crash before the state is kept re-bases again and records that too.
        journal.append(chain, List.of(JournalEvidence.rebased(chain, from, onto, unsealed, rebase.alreadySealed(),
                clock.instant())));
        SealerState rebased = new SealerState(onto, state.nextJournalPosition());
        journal.putChainState(chain, rebased.encode());
        state = rebased;
        return new Step.Rebased(from, onto, unsealed, rebase.alreadySealed().size());
    }

    /** Reads both objects back: same bytes, and under the policy's lock where the store locks. */
    private Optional<Retention> readBack(String eventsKey, byte[] eventsBytes, String manifestKey, byte[] manifestBytes)
            throws StoreException, SealingHaltedException {
        Map<String, Optional<Instant>> written = new HashMap<>();
        for (String key : List.of(eventsKey, manifestKey)) {
            byte[] want = key.equals(eventsKey) ? eventsBytes : manifestBytes;
            Optional<StoredObject> read = store.get(key);
            if (read.isEmpty() || !Arrays.equals(read.get().data(), want)) {
                throw new SealingHaltedException("chain " + chain + ": read-back of " + key + " in " + store.describe()
                        + (read.isEmpty() ? " found nothing" : " returned other bytes than were written"));
            }
            written.put(key, read.get().lastModified());
        }
        if (!storeLocks) {
            return Optional.empty();
        }
        Retention least = null;
        for (String key : List.of(eventsKey, manifestKey)) {
            Retention retention = store.retention(key).orElseThrow(() -> new SealingHaltedException("chain " + chain
                    + ": " + key + " has no Object Lock retention after it was written with one"));
            if (retention.mode() != policy.retentionMode()) {
                throw new SealingHaltedException("chain " + chain + ": " + key + " is locked in " + retention.mode()
                        + " mode, want " + policy.retentionMode());
            }
            retention = lockedByTheStoresClock(key, retention, written.get(key));
            if (least == null || retention.retainUntil().isBefore(least.retainUntil())) {
                least = retention;
            }
        }
        return Optional.of(least);
    }

    /**
     * The lock was computed from this sink's clock. If the store wrote the object more than
     * {@link Retention#STORE_CLOCK_TOLERANCE} later by its own clock ({@code Last-Modified}), this clock runs behind
     * and the lock is short of the retention by the store's time, which is what verifiers hold it to: lengthen it
     * to the full retention from the store's time of writing.
     */
    private Retention lockedByTheStoresClock(String key, Retention retention, Optional<Instant> storeWrote)
            throws StoreException {
        if (storeWrote.isEmpty()) {
            return retention;
        }
        Instant full = storeWrote.get().plus(policy.retention());
        if (!retention.retainUntil().isBefore(full.minus(Retention.STORE_CLOCK_TOLERANCE))) {
            return retention;
        }
        Retention extended = new Retention(retention.mode(), full);
        store.extendRetention(key, extended);
        LOG.log(System.Logger.Level.WARNING, "chain " + chain + ": " + key + " was written at " + storeWrote.get()
                + " by the store's clock, " + Duration.between(clock.instant(), storeWrote.get()).toSeconds()
                + " s after this sink's clock says; its lock is extended from " + retention.retainUntil() + " to "
                + full + ". Set this machine's clock right (NTP)");
        return store.retention(key).orElse(extended);
    }

    /** The chain advances only after the seal is verified in storage; the journal lets go only after that. */
    private void commit(ChainHead next, long nextJournalPosition) throws JournalException {
        SealerState advanced = new SealerState(next, nextJournalPosition);
        journal.putChainState(chain, advanced.encode());
        state = advanced;
        committedOne = true;
        journal.release(chain, nextJournalPosition);
    }

    /**
     * When a seal that finishes a crashed attempt's events object {@code eventsKey} is made: no later than that
     * object's lock implies (retain-until minus the retention period), so that its lock still
     * lasts the full period from the manifest's {@code createdAt}, as verifiers require.
     */
    private Instant createdAt(String eventsKey) throws StoreException {
        Instant now = clock.instant();
        if (!storeLocks) {
            return now;
        }
        return store.retention(eventsKey).map(r -> r.retainUntil().minus(policy.retention()))
                .filter(lockedAt -> lockedAt.isBefore(now)).orElse(now);
    }

    private Retention retention() {
        return PutOptions.lockedUntil(policy.retentionMode(), clock.instant().plus(policy.retention()));
    }

}
