package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.InvalidRecordException;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.RecordCanonicalizer;
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
import io.auditseal.tlog.note.NoteVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The sequencer of one chain: takes journaled records in order, cuts seals by size or age, writes each seal's two
 * objects once, reads them back, and only then advances the chain and releases the records from the journal.
 *
 * <p>Single writer: one thread per chain calls {@link #step()} (in a cluster, only the leader runs sealers).
 * Fork-free across crashes: before writing sequence N it looks for N in storage; a seal found there is adopted
 * only if it is exactly what the journal's records give, and anything else halts the chain. Nothing is overwritten
 * or skipped.
 */
public final class ChainSealer {

    /** What one {@link #step()} did. */
    public sealed interface Step {
        /** Nothing journaled. */
        record Idle() implements Step { }

        /** Records wait for more company or for their delay to run out, at the latest until {@code due}. */
        record Waiting(Instant due) implements Step { }

        /** A seal was written (or adopted) and verified. */
        record Sealed(SealedSeal seal) implements Step { }
    }

    /** Records are read and canonicalised this many at a time, so a seal's records are never all in memory. */
    static final int READ_CHUNK = 500;

    private final ChainId chain;
    private final String prefix;
    private final Journal journal;
    private final ObjectStore store;
    private final SealAssembler assembler;
    private final SealPolicy policy;
    private final InstantSource clock;
    private final boolean storeLocks;
    // Only the sealing thread reads or writes it.
    private SealerState state;
    // Storage may hold a seal this process did not finish: true at start and after any failed attempt, false once
    // a seal commits. Only then are the store's next objects looked for, so an idle chain costs no store request
    // per poll: with one writer per chain, nothing else can have written them.
    private boolean unfinishedAttempt = true;
    // Whether, during an unfinished attempt, the next manifest was already found absent.
    private boolean manifestChecked;
    // Where the next seal is assembled while the current one is written and read back; null: not ahead of time.
    private Executor preparer;
    // The next full batch, being assembled on the preparer after the seal now in flight. Sealing thread only.
    private CompletableFuture<Optional<PreparedSeal>> next;

    public ChainSealer(ChainId chain, Journal journal, ObjectStore store, SealAssembler assembler, SealPolicy policy,
                       InstantSource clock, boolean storeLocks) throws JournalException {
        this.chain = chain;
        this.prefix = SealLayout.chainPrefix(chain);
        this.journal = journal;
        this.store = store;
        this.assembler = assembler;
        this.policy = policy;
        this.clock = clock;
        this.storeLocks = storeLocks;
        this.state = journal.chainState(chain).map(SealerState::decode).orElseGet(SealerState::initial);
    }

    /**
     * When the journal has no state for the chain (a new data directory) but storage already holds its seals, the
     * chain head is rebuilt from the newest manifest, after checking that its checkpoint is signed by this chain's
     * key and that its compact range gives its root. Sealing then continues that chain instead of colliding with
     * sequence 0. Does nothing when the journal has state or storage holds no seal.
     */
    public void recoverFromStorage() throws StoreException, JournalException, SealingHaltedException {
        if (journal.chainState(chain).isPresent()) {
            requireStoredHead();
            return;
        }
        long newest = -1;
        for (String key : store.list(prefix + "seals/")) {
            newest = Math.max(newest, SealLayout.sequenceOfManifestKey(key));
        }
        if (newest < 0) {
            return;
        }
        String manifestKey = prefix + SealLayout.manifestKey(newest);
        byte[] bytes = store.get(manifestKey).orElseThrow(() ->
                new SealingHaltedException("chain " + chain + ": " + manifestKey + " vanished while recovering"))
                .data();
        ChainHead head;
        try {
            SealManifest manifest = ManifestCodec.decode(bytes);
            io.auditseal.tlog.checkpoint.Checkpoint checkpoint = io.auditseal.tlog.checkpoint.SignedCheckpoint.open(
                    manifest.checkpoint(), assembler.verifier());
            java.util.HexFormat hex = java.util.HexFormat.of();
            io.auditseal.tlog.compact.CompactRange range = io.auditseal.tlog.compact.CompactRange.of(
                    io.auditseal.tlog.rfc6962.Rfc6962Hasher.SHA256, 0, manifest.treeSize(),
                    manifest.compactRange().stream().map(hex::parseHex).toList());
            if (manifest.sequence() != newest || checkpoint.size() != manifest.treeSize()
                    || !hex.formatHex(range.rootHash()).equals(manifest.rootHash())
                    || !hex.formatHex(checkpoint.rootHash()).equals(manifest.rootHash())) {
                throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " is inconsistent; cannot recover");
            }
            head = new ChainHead(newest + 1, range, Digests.sha256Hex(bytes));
        } catch (InvalidManifestException | io.auditseal.tlog.note.NoteException | IllegalArgumentException e) {
            throw new SealingHaltedException("chain " + chain + ": cannot recover from " + manifestKey + ": " + e.getMessage());
        }
        SealerState recovered = new SealerState(head, 0);
        journal.putChainState(chain, recovered.encode());
        state = recovered;
    }

    /**
     * The journal says seals up to {@code nextSequence - 1} were written: storage must hold the newest of them,
     * byte for byte. Otherwise the chain is pointed at another (or an emptied) bucket, and sealing on would write
     * seals that link to nothing: halt instead.
     */
    private void requireStoredHead() throws StoreException, SealingHaltedException {
        ChainHead head = state.head();
        if (head.nextSequence() == 0) {
            return;
        }
        String key = prefix + SealLayout.manifestKey(head.nextSequence() - 1);
        java.util.Optional<io.auditseal.store.StoredObject> stored = store.get(key);
        if (stored.isEmpty()) {
            throw new SealingHaltedException("chain " + chain + ": the journal records " + head.nextSequence()
                    + " seals but " + store.describe() + " has no " + key + ": wrong bucket or prefix, or the seals "
                    + "were deleted. Not sealing, so that no seal links to a missing one");
        }
        if (!Digests.sha256Hex(stored.get().data()).equals(head.lastManifestSha256())) {
            throw new SealingHaltedException("chain " + chain + ": " + key + " in " + store.describe()
                    + " is not the manifest this sink wrote (digest differs). Not sealing");
        }
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
    public void prepareAheadOn(Executor preparer) {
        this.preparer = preparer;
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
        if (unfinishedAttempt && !manifestChecked) {
            Optional<StoredObject> existing = store.get(prefix + SealLayout.manifestKey(sequence));
            if (existing.isPresent()) {
                return new Step.Sealed(attempt(() -> adopt(sequence, existing.get())));
            }
            manifestChecked = true;
        }
        Optional<PreparedSeal> prepared = takePrepared();
        if (prepared.isPresent()) {
            return new Step.Sealed(attempt(() -> write(sequence, prepared.get(), Optional.empty())));
        }
        // While a batch fills up, only its oldest record is read (to know when it is due), not the whole batch on
        // every poll: reading 10,000 records five times a second would cost more than sealing them.
        List<JournalRecord> oldest = journal.read(chain, state.nextJournalSequence(), 1);
        if (oldest.isEmpty()) {
            return new Step.Idle();
        }
        if (journal.pendingRecords(chain) < policy.maxRecords()) {
            Instant due = oldest.get(0).acceptedAt().plus(policy.maxDelay());
            if (clock.instant().isBefore(due)) {
                return new Step.Waiting(due);
            }
        }
        return new Step.Sealed(attempt(() -> seal(sequence)));
    }

    private interface Attempt {
        SealedSeal run() throws StoreException, JournalException, SealingHaltedException;
    }

    /** Runs a write or adoption; if it fails, storage may now be ahead of the journal state. */
    private SealedSeal attempt(Attempt attempt) throws StoreException, JournalException, SealingHaltedException {
        try {
            SealedSeal sealed = attempt.run();
            unfinishedAttempt = false;
            manifestChecked = false;
            return sealed;
        } catch (StoreException | JournalException | SealingHaltedException | RuntimeException e) {
            unfinishedAttempt = true;
            manifestChecked = false;
            discardPrepared();
            throw e;
        }
    }

    /** Seals the journal's next records (up to maxRecords), or finishes a seal a crash left half-written. */
    private SealedSeal seal(long sequence) throws StoreException, JournalException, SealingHaltedException {
        String eventsKey = prefix + SealLayout.eventsKey(sequence);
        Optional<StoredObject> orphan = unfinishedAttempt ? store.get(eventsKey) : Optional.empty();
        // A crash between the two puts leaves an orphan events object. It decides how many records the seal holds:
        // more may have been journaled since, and they belong to the next seal.
        int count = orphan.isPresent() ? lineCount(eventsKey, orphan.get().data()) : policy.maxRecords();
        JournalBatch batch = readInto(assembler.begin(state.head()), state.nextJournalSequence(), count);
        if (orphan.isPresent() && batch.builder().count() < count) {
            throw new SealingHaltedException("chain " + chain + ": " + eventsKey + " exists without a manifest and "
                    + "holds " + count + " records, more than the " + batch.builder().count() + " the journal still has");
        }
        PreparedSeal prepared = batch.finish(state.head(), state.nextJournalSequence(), createdAt(orphan, eventsKey));
        // The events object must be exactly the one we would write for those records.
        if (orphan.isPresent() && !Arrays.equals(orphan.get().data(), prepared.seal().eventsObject())) {
            throw new SealingHaltedException("chain " + chain + ": " + eventsKey + " exists without a manifest and "
                    + "does not hold the journal's next " + count + " records; refusing to overwrite it");
        }
        return write(sequence, prepared, orphan);
    }

    /** Journal records streamed into a seal: where the journal continues after them, and the time spent. */
    private record JournalBatch(SealBuilder builder, long nextSequence, Duration canonicalize, Duration assemble) {

        /** Signs and links the seal of these records, read from {@code fromSequence} on after {@code basis}. */
        PreparedSeal finish(ChainHead basis, long fromSequence, Instant createdAt) {
            long t0 = System.nanoTime();
            AssembledSeal seal = builder.finish(createdAt);
            return new PreparedSeal(basis, fromSequence, nextSequence, seal, canonicalize,
                    assemble.plusNanos(System.nanoTime() - t0));
        }
    }

    /** Streams up to {@code max} journal records from {@code fromSequence} on into {@code builder}, in order. */
    private JournalBatch readInto(SealBuilder builder, long fromSequence, int max) throws JournalException {
        long next = fromSequence;
        long canonicalize = 0;
        long assemble = 0;
        while (builder.count() < max) {
            int want = Math.min(READ_CHUNK, max - builder.count());
            List<JournalRecord> chunk = journal.read(chain, next, want);
            long t0 = System.nanoTime();
            List<SealRecord> canonical = canonical(chunk);
            long t1 = System.nanoTime();
            canonical.forEach(builder::add);
            canonicalize += t1 - t0;
            assemble += System.nanoTime() - t1;
            if (!chunk.isEmpty()) {
                next = chunk.get(chunk.size() - 1).sequence() + 1;
            }
            if (chunk.size() < want) {
                break;
            }
        }
        return new JournalBatch(builder, next, Duration.ofNanos(canonicalize), Duration.ofNanos(assemble));
    }

    /**
     * Writes an assembled seal (the events object unless a crashed attempt left it), reads both objects back, then
     * commits. Meanwhile the next full batch is assembled on the preparer, if there is one.
     */
    private SealedSeal write(long sequence, PreparedSeal prepared, Optional<StoredObject> orphan)
            throws StoreException, JournalException, SealingHaltedException {
        String eventsKey = prefix + SealLayout.eventsKey(sequence);
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        AssembledSeal seal = prepared.seal();
        long nextJournalSequence = prepared.nextJournalSequence();
        prepareNext(seal.next(), nextJournalSequence, Math.toIntExact(seal.manifest().recordCount()));
        long t2 = System.nanoTime();
        StoredObject events = orphan.isPresent() ? orphan.get()
                : store.put(eventsKey, seal.eventsObject(), PutOptions.events(retention()));
        StoredObject manifest = store.put(manifestKey, seal.manifestBytes(), PutOptions.manifest(retention()));
        long t3 = System.nanoTime();
        Optional<Retention> retention = readBack(eventsKey, seal.eventsObject(), manifestKey, seal.manifestBytes());
        long t4 = System.nanoTime();
        commit(seal.next(), nextJournalSequence);
        return new SealedSeal(chain, seal.manifest(), seal.next().lastManifestSha256(), events.versionId(),
                manifest.versionId(), retention, false, new SealedSeal.Timings(prepared.canonicalize(),
                prepared.assemble(), Duration.ofNanos(t3 - t2), Duration.ofNanos(t4 - t3)));
    }

    /** Starts assembling the full batch that follows {@code basis}, if sealing is pipelined. */
    private void prepareNext(ChainHead basis, long fromJournalSequence, int inFlightRecords) {
        discardPrepared();
        if (preparer == null) {
            return;
        }
        // The seal in flight still counts as pending until it commits.
        if (journal.pendingRecords(chain) - inFlightRecords < policy.maxRecords()) {
            return;
        }
        next = CompletableFuture.supplyAsync(() -> {
            try {
                JournalBatch batch = readInto(assembler.begin(basis), fromJournalSequence, policy.maxRecords());
                // A partial batch waits for company or for its delay, which the sealing thread decides.
                if (batch.builder().count() < policy.maxRecords()) {
                    return Optional.empty();
                }
                return Optional.of(batch.finish(basis, fromJournalSequence, clock.instant()));
            } catch (JournalException e) {
                // The sealing thread reads the journal itself and reports the failure.
                return Optional.empty();
            }
        }, preparer);
    }

    /**
     * The prepared next seal, if it follows exactly from where the chain now stands: the seal before it committed
     * as assembled, and its records are the journal's next ones. Anything else is dropped and assembled again.
     */
    private Optional<PreparedSeal> takePrepared() {
        CompletableFuture<Optional<PreparedSeal>> pending = next;
        next = null;
        if (pending == null || unfinishedAttempt) {
            return Optional.empty();
        }
        Optional<PreparedSeal> prepared;
        try {
            prepared = pending.join();
        } catch (CompletionException | CancellationException e) {
            return Optional.empty();
        }
        ChainHead head = state.head();
        return prepared.filter(p -> p.basis().nextSequence() == head.nextSequence()
                && p.basis().treeSize() == head.treeSize()
                && p.basis().lastManifestSha256().equals(head.lastManifestSha256())
                && p.fromJournalSequence() == state.nextJournalSequence());
    }

    private void discardPrepared() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    /** Seal {@code sequence} is already in storage (a crash came after its manifest was written): check, then adopt. */
    private SealedSeal adopt(long sequence, StoredObject stored)
            throws StoreException, JournalException, SealingHaltedException {
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        SealManifest found;
        try {
            found = ManifestCodec.decode(stored.data());
        } catch (InvalidManifestException e) {
            throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " is not a valid manifest: " + e.getMessage());
        }
        int count = (int) Math.min(found.recordCount(), Integer.MAX_VALUE);
        JournalBatch batch = readInto(assembler.begin(state.head()), state.nextJournalSequence(), count);
        if (batch.builder().count() != found.recordCount()) {
            throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " seals " + found.recordCount()
                    + " records but the journal holds " + batch.builder().count() + " unsealed ones");
        }
        AssembledSeal expected = batch.builder().finish(clock.instant());
        SealManifest want = expected.manifest();
        if (found.sequence() != sequence || found.firstIndex() != want.firstIndex() || found.treeSize() != want.treeSize()
                || !found.rootHash().equals(want.rootHash()) || !found.batchRoot().equals(want.batchRoot())
                || !found.previousManifestSha256().equals(want.previousManifestSha256())
                || !found.events().sha256().equals(want.events().sha256())
                || !found.chain().equals(want.chain()) || !found.origin().equals(want.origin())) {
            throw new SealingHaltedException("chain " + chain + ": " + manifestKey + " (tree size " + found.treeSize()
                    + ", root " + found.rootHash() + ") is not the seal of the journal's records (tree size "
                    + want.treeSize() + ", root " + want.rootHash() + "); refusing to fork the chain");
        }
        String eventsKey = prefix + SealLayout.eventsKey(sequence);
        Optional<Retention> retention = readBack(eventsKey, expected.eventsObject(), manifestKey, stored.data());
        ChainHead next = new ChainHead(sequence + 1, expected.next().range(), Digests.sha256Hex(stored.data()));
        commit(next, batch.nextSequence());
        StoredObject events = store.get(eventsKey).orElseThrow();
        return new SealedSeal(chain, found, next.lastManifestSha256(), events.versionId(), stored.versionId(),
                retention, true, new SealedSeal.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }

    /** Records in an events object: its lines. */
    private int lineCount(String key, byte[] gzip) throws SealingHaltedException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            int lines = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (java.io.IOException e) {
            throw new SealingHaltedException("chain " + chain + ": " + key + " exists without a manifest and is not "
                    + "readable gzip: " + e.getMessage());
        }
    }

    /** Reads both objects back: same bytes, and under the policy's lock where the store locks. */
    private Optional<Retention> readBack(String eventsKey, byte[] eventsBytes, String manifestKey, byte[] manifestBytes)
            throws StoreException, SealingHaltedException {
        for (String key : List.of(eventsKey, manifestKey)) {
            byte[] want = key.equals(eventsKey) ? eventsBytes : manifestBytes;
            Optional<StoredObject> read = store.get(key);
            if (read.isEmpty() || !Arrays.equals(read.get().data(), want)) {
                throw new SealingHaltedException("chain " + chain + ": read-back of " + key + " in " + store.describe()
                        + (read.isEmpty() ? " found nothing" : " returned other bytes than were written"));
            }
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
            if (least == null || retention.retainUntil().isBefore(least.retainUntil())) {
                least = retention;
            }
        }
        return Optional.of(least);
    }

    /** The chain advances only after the seal is verified in storage; the journal lets go only after that. */
    private void commit(ChainHead next, long nextJournalSequence) throws JournalException {
        SealerState advanced = new SealerState(next, nextJournalSequence);
        journal.putChainState(chain, advanced.encode());
        state = advanced;
        journal.release(chain, nextJournalSequence);
    }

    /**
     * When the seal is made. Normally now; when finishing an attempt that crashed after writing the events object,
     * no later than that object's lock implies (retain-until minus the retention period), so that its lock still
     * lasts the full period from the manifest's {@code createdAt}, as verifiers require.
     */
    private Instant createdAt(Optional<StoredObject> orphan, String eventsKey) throws StoreException {
        Instant now = clock.instant();
        if (orphan.isEmpty() || !storeLocks) {
            return now;
        }
        return store.retention(eventsKey).map(r -> r.retainUntil().minus(policy.retention()))
                .filter(lockedAt -> lockedAt.isBefore(now)).orElse(now);
    }

    private Retention retention() {
        return PutOptions.lockedUntil(policy.retentionMode(), clock.instant().plus(policy.retention()));
    }

    /**
     * The records as leaves. Ingest only accepts JSON that canonicalises; should one still fail, it is sealed
     * wrapped in an {@code UncanonicalRecord} holding its bytes, so that nothing acknowledged is ever dropped.
     */
    private static List<SealRecord> canonical(List<JournalRecord> records) {
        List<SealRecord> sealRecords = new ArrayList<>(records.size());
        for (JournalRecord record : records) {
            byte[] json;
            try {
                json = RecordCanonicalizer.canonicalize(record.payload());
            } catch (InvalidRecordException e) {
                json = uncanonical(record, e.getMessage());
            }
            sealRecords.add(new SealRecord(json, record.acceptedAt()));
        }
        return sealRecords;
    }

    private static byte[] uncanonical(JournalRecord record, String reason) {
        String wrapper = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"UncanonicalRecord\",\"raw\":\""
                + Base64.getEncoder().encodeToString(record.payload()) + "\",\"reason\":"
                + quote(reason) + "}";
        try {
            return RecordCanonicalizer.canonicalize(wrapper.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("logic error: the wrapper is built as valid JSON", e);
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
