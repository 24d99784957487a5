package io.auditseal.journal;

import io.auditseal.format.ChainId;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.TtlDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The {@link Journal} on one RocksDB database ({@link TtlDB}) in {@link JournalConfig#directory()}, with column
 * families {@code records}, {@code dedupe} (TTL = the dedupe window) and {@code state}; see {@link JournalKeys} for
 * the key layout and {@link RecordEnvelope} for the stored record.
 *
 * <p>An append decides under its chain's lock which entries are new and which sequences they get, then writes them
 * in one synced {@link WriteBatch} outside the lock: concurrent appenders reach RocksDB together and share one WAL
 * fsync (group commit). Readers see a chain only up to its lowest write still in flight. The first record of a
 * chain gets sequence 0; a write that fails leaves its sequences unused.
 */
public final class RocksJournal implements Journal {

    static final String RECORDS_CF = "records";
    static final String DEDUPE_CF = "dedupe";
    static final String STATE_CF = "state";

    static {
        RocksDB.loadLibrary();
    }

    private static final long LOCK_RETRY_MILLIS = 250;

    private final JournalConfig config;
    private final InstantSource clock;
    private final TtlDB db;
    private final RocksTuning tuning;
    private final WriteOptions syncWrite;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle dedupe;
    private final ColumnFamilyHandle state;

    private final ConcurrentHashMap<ChainId, ChainQueue> queues = new ConcurrentHashMap<>();
    // Payload bytes of unreleased records, including writes in flight: what the cap limits.
    private final AtomicLong pendingBytes = new AtomicLong();
    // Set when an append is refused for the cap; cleared by the next accepted reservation or a release. Readiness
    // reads it: a journal that answers 429 should not get new traffic.
    private volatile boolean refusing;
    // Readers are the operations that touch RocksDB; close() takes the write side so no handle is used after free.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksJournal(JournalConfig config, InstantSource clock, TtlDB db, RocksTuning tuning,
                         List<ColumnFamilyHandle> handles) {
        this.config = config;
        this.clock = clock;
        this.db = db;
        this.tuning = tuning;
        this.handles = handles;
        this.records = handles.get(1);
        this.dedupe = handles.get(2);
        this.state = handles.get(3);
        this.syncWrite = new WriteOptions().setSync(true);
    }

    /** Opens (creating if missing) the journal in {@code config.directory()}, stamped by the system clock. */
    public static RocksJournal open(JournalConfig config) throws JournalException {
        return open(config, InstantSource.system());
    }

    /**
     * Opens (creating if missing) the journal in {@code config.directory()}. Only one journal may have a directory
     * open at a time; RocksDB's lock file refuses a second.
     *
     * @param clock stamps accepted records and decides when a dedupe entry has left the window
     * @throws JournalException if the directory cannot be created or the database cannot be opened or read
     */
    public static RocksJournal open(JournalConfig config, InstantSource clock) throws JournalException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(config.directory());
        } catch (IOException e) {
            throw new JournalException("cannot create journal directory " + config.directory(), e);
        }
        RocksTuning tuning = new RocksTuning();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.small),
                new ColumnFamilyDescriptor(bytes(RECORDS_CF), tuning.records),
                new ColumnFamilyDescriptor(bytes(DEDUPE_CF), tuning.dedupe),
                new ColumnFamilyDescriptor(bytes(STATE_CF), tuning.small));
        // TTL 0 never expires. TtlDB drops expired dedupe entries only at compaction; lookups check the age too.
        List<Integer> ttls = List.of(0, 0, config.dedupeTtlSeconds(), 0);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        TtlDB db;
        try {
            db = TtlDB.open(tuning.db, config.directory().toString(), descriptors, handles, ttls, false);
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            tuning.close();
            if (heldLock(e)) {
                throw new JournalLockedException("journal " + config.directory() + " is open in another process: "
                        + e.getMessage(), e);
            }
            throw new JournalException("cannot open journal in " + config.directory() + ": " + e.getMessage(), e);
        }
        RocksJournal journal = new RocksJournal(config, clock, db, tuning, List.copyOf(handles));
        try {
            journal.restore();
        } catch (JournalException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /**
     * Opens the journal with the system clock, waiting up to {@code lockWait} while another process holds the
     * directory's lock: on a shared volume the previous process (a pod being deleted while its replacement starts)
     * may still be closing it. Any other failure is thrown at once.
     *
     * @throws JournalLockedException if the lock is still held after {@code lockWait}
     */
    public static RocksJournal openWhenUnlocked(JournalConfig config, Duration lockWait) throws JournalException {
        long deadline = System.nanoTime() + lockWait.toNanos();
        boolean logged = false;
        while (true) {
            try {
                return open(config, InstantSource.system());
            } catch (JournalLockedException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (!logged) {
                    System.getLogger(RocksJournal.class.getName()).log(System.Logger.Level.WARNING, "journal "
                            + config.directory() + " is locked by another process (a previous instance still "
                            + "stopping?); waiting up to " + lockWait + " for it");
                    logged = true;
                }
                try {
                    Thread.sleep(LOCK_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public AppendResult append(ChainId chain, List<JournalEntry> entries) throws JournalException {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            return new AppendResult(0, 0);
        }
        // Within one call the first entry of a key and content wins; an exact repeat is a duplicate. Digests are
        // taken here, outside the chain lock.
        Map<ContentKey, JournalEntry> unique = new LinkedHashMap<>(capacityFor(entries.size()));
        MessageDigest sha256 = SHA256.get();
        for (JournalEntry entry : entries) {
            unique.putIfAbsent(new ContentKey(Objects.requireNonNull(entry.dedupeKey(), "dedupeKey"),
                    sha256.digest(entry.identity())), entry);
        }
        Set<DedupeKey> keys = new LinkedHashSet<>(capacityFor(unique.size()));
        unique.keySet().forEach(k -> keys.add(k.key()));
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            ChainQueue queue = queues.computeIfAbsent(chain, c -> new ChainQueue(0, 0, 0));
            PendingWrite write;
            while (true) {
                CompletableFuture<Void> blocker;
                queue.lock.lock();
                try {
                    blocker = queue.inFlightWriteOf(keys);
                    write = blocker == null ? admit(chain, queue, keys, unique) : null;
                } finally {
                    queue.lock.unlock();
                }
                if (blocker == null) {
                    break;
                }
                // A key is being written by another call: its outcome decides whether ours is a duplicate.
                awaitOutcome(blocker);
            }
            if (write.entries().isEmpty()) {
                return new AppendResult(0, entries.size(), 0);
            }
            write(chain, queue, write);
            return new AppendResult(write.entries().size(), entries.size() - write.entries().size(), write.collisions());
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Under the chain lock, with none of {@code unique}'s keys in flight: drops the exact repeats of contents accepted
     * within the window, counts the other contents under an accepted key as collisions (they are journaled like any
     * new record), reserves room under the cap, allocates positions and marks the rest in flight.
     */
    private PendingWrite admit(ChainId chain, ChainQueue queue, Set<DedupeKey> keys, Map<ContentKey, JournalEntry> unique)
            throws JournalException {
        long now = clock.millis();
        List<byte[]> indexKeys = new ArrayList<>(keys.size());
        for (DedupeKey key : keys) {
            indexKeys.add(JournalKeys.dedupeKey(chain, key));
        }
        List<byte[]> stored;
        try {
            stored = db.multiGetAsList(Collections.nCopies(indexKeys.size(), dedupe), indexKeys);
        } catch (RocksDBException e) {
            throw failure("cannot look up dedupe keys of chain " + chain, chain, e);
        }
        // What each key holds now: its stored value within the window, then what this call adds to it.
        Map<DedupeKey, DedupeValue> seen = new HashMap<>(capacityFor(keys.size()));
        int i = 0;
        for (DedupeKey key : keys) {
            withinWindow(chain, stored.get(i++), now).ifPresent(value -> seen.put(key, value));
        }
        Map<DedupeKey, DedupeValue> updated = new LinkedHashMap<>(capacityFor(keys.size()));
        List<JournalEntry> fresh = new ArrayList<>();
        BitSet reusedKey = new BitSet();
        long freshBytes = 0;
        int collisions = 0;
        for (Map.Entry<ContentKey, JournalEntry> candidate : unique.entrySet()) {
            DedupeKey key = candidate.getKey().key();
            byte[] digest = candidate.getKey().digest();
            DedupeValue value = seen.get(key);
            if (value != null && value.holds(digest)) {
                continue;
            }
            if (value != null) {
                // Journaled, and marked: a reader of the sealed record must see that its key was reused.
                reusedKey.set(fresh.size());
                collisions++;
            }
            DedupeValue next = value == null ? DedupeValue.first(digest, now) : value.with(digest, now);
            seen.put(key, next);
            updated.put(key, next);
            fresh.add(candidate.getValue());
            freshBytes += candidate.getValue().payload().length;
        }
        if (fresh.isEmpty()) {
            return new PendingWrite(0, now, fresh, reusedKey, Map.of(), 0, 0, null);
        }
        reserve(chain, queue, freshBytes);
        long first = queue.allocate(fresh.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.start(first, updated.keySet(), done);
        return new PendingWrite(first, now, fresh, reusedKey, updated, collisions, freshBytes, done);
    }

    /** A stored dedupe value (or {@code null}), if it was accepted less than a window ago. */
    private Optional<DedupeValue> withinWindow(ChainId chain, byte[] stored, long nowMillis)
            throws JournalCorruptedException {
        if (stored == null) {
            return Optional.empty();
        }
        DedupeValue value;
        try {
            value = DedupeValue.decode(stored);
        } catch (IllegalArgumentException e) {
            throw new JournalCorruptedException("dedupe entry of chain " + chain + " is damaged: " + e.getMessage());
        }
        return nowMillis - value.acceptedAtMillis() < config.dedupeWindow().toMillis() ? Optional.of(value)
                : Optional.empty();
    }

    // SHA-256 of every journaled payload: one MessageDigest per thread, as getInstance per call costs a lookup.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    });

    /** A hash map capacity that holds {@code entries} without resizing (batches are up to 400 entries). */
    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /**
     * Takes {@code bytes} of the cap and of the chain's share, or throws without taking any. Only the whole cap
     * makes the journal {@link #refusing()}: a chain over its share is refused alone. Called under the chain lock.
     */
    private void reserve(ChainId chain, ChainQueue queue, long bytes) throws JournalFullException {
        long current;
        do {
            current = pendingBytes.get();
            if (bytes > config.capBytes() - current) {
                refusing = true;
                throw new JournalFullException(current, config.capBytes());
            }
            long held = queue.reservedBytes().get();
            if (bytes > config.chainCapBytes() - held) {
                throw new JournalFullException(chain, held, config.chainCapBytes());
            }
        } while (!pendingBytes.compareAndSet(current, current + bytes));
        queue.reservedBytes().addAndGet(bytes);
        refusing = false;
    }

    /** The synced write of an admitted batch, outside the chain lock; then ends its in-flight state. */
    private void write(ChainId chain, ChainQueue queue, PendingWrite write) throws JournalException {
        RocksDBException failure = null;
        boolean written = false;
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < write.entries().size(); i++) {
                JournalEntry entry = write.entries().get(i);
                batch.put(records, JournalKeys.recordKey(chain, write.firstSequence() + i),
                        RecordEnvelope.encode(write.acceptedAtMillis(), entry.payload(), write.reusedKey().get(i)));
            }
            for (Map.Entry<DedupeKey, DedupeValue> value : write.dedupeValues().entrySet()) {
                batch.put(dedupe, JournalKeys.dedupeKey(chain, value.getKey()), value.getValue().encode());
            }
            // Released records are deleted, so the next sequence must be stored for a restart not to reuse them.
            batch.put(state, JournalKeys.nextSequenceKey(chain),
                    JournalKeys.longValue(write.firstSequence() + write.entries().size()));
            db.write(syncWrite, batch);
            written = true;
        } catch (RocksDBException e) {
            failure = e;
        } finally {
            if (written) {
                queue.pendingRecords().addAndGet(write.entries().size());
                queue.pendingBytes().addAndGet(write.bytes());
            } else {
                pendingBytes.addAndGet(-write.bytes());
                queue.reservedBytes().addAndGet(-write.bytes());
            }
            queue.lock.lock();
            try {
                queue.finish(write.firstSequence(), write.dedupeValues().keySet());
            } finally {
                queue.lock.unlock();
            }
            if (written) {
                write.done().complete(null);
            } else {
                // Waiting duplicates of these keys see the failure and treat their entries as new.
                write.done().completeExceptionally(
                        failure != null ? failure : new IllegalStateException("write aborted"));
            }
        }
        if (failure != null) {
            throw failure("cannot write " + write.entries().size() + " records of chain " + chain, chain, failure);
        }
    }

    /** Waits for another call's write; its success or failure is read again from the journal afterwards. */
    private static void awaitOutcome(CompletableFuture<Void> write) throws JournalException {
        try {
            write.get();
        } catch (ExecutionException e) {
            // That write failed: its keys are not stored, so the retried lookup treats them as new.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for a concurrent write of the same records", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @param fromPosition non-negative
     * @param maxRecords   non-negative
     * @param maxBytes     positive
     */
    @Override
    public List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes)
            throws JournalException {
        Objects.requireNonNull(chain, "chain");
        if (fromPosition < 0 || maxRecords < 0 || maxBytes < 1) {
            throw new IllegalArgumentException("fromPosition and maxRecords must be non-negative and maxBytes "
                    + "positive, were " + fromPosition + ", " + maxRecords + " and " + maxBytes);
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            ChainQueue queue = queues.get(chain);
            if (queue == null || maxRecords == 0) {
                return List.of();
            }
            long watermark = watermarkOf(queue);
            if (fromPosition >= watermark) {
                return List.of();
            }
            List<JournalRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
            // The upper bound stops the scan at the watermark, which is also inside the chain's prefix.
            try (Slice upper = new Slice(JournalKeys.recordKey(chain, watermark));
                 ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(records, options)) {
                long bytes = 0;
                for (it.seek(JournalKeys.recordKey(chain, fromPosition)); it.isValid() && out.size() < maxRecords;
                     it.next()) {
                    byte[] value = it.value();
                    bytes += RecordEnvelope.payloadLength(value);
                    if (bytes > maxBytes && !out.isEmpty()) {
                        break;
                    }
                    out.add(RecordEnvelope.decode(chain, JournalKeys.sequenceOf(it.key()), value));
                }
                it.status();
            } catch (RocksDBException e) {
                throw failure("cannot read chain " + chain, chain, e);
            }
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only records a {@link #read} could have returned are released: {@code beforePosition} is capped at the
     * chain's durable watermark, because a record still being written cannot have been sealed.
     *
     * @param beforePosition non-negative
     */
    @Override
    public void release(ChainId chain, long beforePosition) throws JournalException {
        Objects.requireNonNull(chain, "chain");
        if (beforePosition < 0) {
            throw new IllegalArgumentException("beforePosition must be non-negative, was " + beforePosition);
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            ChainQueue queue = queues.get(chain);
            if (queue == null) {
                return;
            }
            queue.releaseLock.lock();
            try {
                long limit;
                long next;
                queue.lock.lock();
                try {
                    limit = Math.min(beforePosition, queue.durableWatermark());
                    next = queue.nextSequence();
                } finally {
                    queue.lock.unlock();
                }
                releaseBelow(chain, queue, limit, next);
            } finally {
                queue.releaseLock.unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Deletes {@code chain}'s records below {@code limit}, all durable; {@code next} is the chain's next sequence. */
    private void releaseBelow(ChainId chain, ChainQueue queue, long limit, long next) throws JournalException {
        byte[] start = JournalKeys.recordKey(chain, 0);
        byte[] end = JournalKeys.recordKey(chain, limit);
        long count = 0;
        long bytes = 0;
        // deleteRange does not say what it removed: count it first for the pending counters. Only the values'
        // sizes are needed, so nothing of them is copied out.
        ByteBuffer noCopy = ByteBuffer.allocateDirect(0);
        try (Slice upper = new Slice(end);
             ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(records, options)) {
            for (it.seek(start); it.isValid(); it.next()) {
                count++;
                bytes += RecordEnvelope.payloadLength(it.value(noCopy));
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("cannot scan chain " + chain + " for release", chain, e);
        }
        if (count == 0) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(records, start, end);
            // Concurrent appends may have stored a lower next sequence than one of the records deleted here (they
            // finish out of order); store the chain's next sequence again so a restart cannot reuse a released one.
            batch.put(state, JournalKeys.nextSequenceKey(chain), JournalKeys.longValue(next));
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw failure("cannot release records of chain " + chain + " before " + limit, chain, e);
        }
        queue.pendingRecords().addAndGet(-count);
        queue.pendingBytes().addAndGet(-bytes);
        queue.reservedBytes().addAndGet(-bytes);
        pendingBytes.addAndGet(-bytes);
        refusing = false;
    }

    @Override
    public void putChainState(ChainId chain, byte[] chainState) throws JournalException {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(chainState, "chainState");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            db.put(state, syncWrite, JournalKeys.stateKey(chain), chainState.clone());
        } catch (RocksDBException e) {
            throw failure("cannot store the state of chain " + chain, chain, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Optional<byte[]> chainState(ChainId chain) throws JournalException {
        Objects.requireNonNull(chain, "chain");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return Optional.ofNullable(db.get(state, JournalKeys.stateKey(chain)));
        } catch (RocksDBException e) {
            throw failure("cannot read the state of chain " + chain, chain, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public boolean refusing() {
        return refusing;
    }

    /** {@inheritDoc} Includes writes in flight, whose bytes are taken from the cap before they are written. */
    @Override
    public long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public long pendingBytes(ChainId chain) {
        ChainQueue queue = queues.get(chain);
        return queue == null ? 0 : queue.pendingBytes().get();
    }

    @Override
    public long pendingRecords(ChainId chain) {
        ChainQueue queue = queues.get(Objects.requireNonNull(chain, "chain"));
        return queue == null ? 0 : queue.pendingRecords().get();
    }

    /** Closes the database and frees its native handles. Idempotent; waits for operations in progress. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            syncWrite.close();
            tuning.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Rebuilds the per-chain counters from what is stored: one scan of records, one of state. */
    private void restore() throws JournalException {
        Map<ChainId, long[]> chains = new HashMap<>(); // chain -> {next sequence, pending records, pending bytes}
        long bytes = 0;
        try (RocksIterator it = db.newIterator(records)) {
            byte[] prefix = null;
            long[] current = null;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (prefix == null || !startsWith(key, prefix)) {
                    prefix = JournalKeys.chainPrefixOf(key);
                    current = chains.computeIfAbsent(chainOf(prefix, key), c -> new long[3]);
                }
                if (key.length != prefix.length + Long.BYTES) {
                    throw new JournalCorruptedException("journal holds a malformed record key " + printable(key));
                }
                current[0] = Math.max(current[0], JournalKeys.sequenceOf(key) + 1);
                current[1]++;
                long payload = RecordEnvelope.payloadLength(it.value());
                current[2] += payload;
                bytes += payload;
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("cannot scan journal records", null, e);
        }
        try (RocksIterator it = db.newIterator(state)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (JournalKeys.isNextSequenceKey(key)) {
                    long[] counters = chains.computeIfAbsent(chainOf(JournalKeys.chainPrefixOf(key), key),
                            c -> new long[3]);
                    try {
                        counters[0] = Math.max(counters[0], JournalKeys.longOf(it.value()));
                    } catch (IllegalArgumentException e) {
                        throw new JournalCorruptedException("next sequence of " + printable(key) + " is damaged");
                    }
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("cannot scan journal state", null, e);
        }
        chains.forEach((chain, counters) -> queues.put(chain, new ChainQueue(counters[0], counters[1], counters[2])));
        pendingBytes.set(bytes);
    }

    private static ChainId chainOf(byte[] prefix, byte[] key) throws JournalCorruptedException {
        try {
            if (prefix == null) {
                throw new IllegalArgumentException("no separator");
            }
            return JournalKeys.chainOfPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new JournalCorruptedException("journal key " + printable(key) + " names no chain: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String printable(byte[] key) {
        return new String(key, StandardCharsets.UTF_8).replace("\0", "\\0");
    }

    private long watermarkOf(ChainQueue queue) {
        queue.lock.lock();
        try {
            return queue.durableWatermark();
        } finally {
            queue.lock.unlock();
        }
    }

    private void ensureOpen() throws JournalException {
        if (closed) {
            throw new JournalException("journal in " + config.directory() + " is closed");
        }
    }

    /** RocksDB's own corruption findings (block checksums, paranoid checks) stop the chain like a bad envelope. */
    private static JournalException failure(String what, ChainId chain, RocksDBException e) {
        Status status = e.getStatus();
        if (status != null && status.getCode() == Status.Code.Corruption) {
            JournalCorruptedException corrupted = new JournalCorruptedException(
                    what + ": RocksDB reports corruption" + (chain == null ? "" : " in chain " + chain)
                            + ": " + e.getMessage());
            corrupted.initCause(e);
            return corrupted;
        }
        return new JournalException(what + ": " + e.getMessage(), e);
    }

    /**
     * RocksDB found the directory's LOCK file held: by another process ("While lock file: ...: Resource temporarily
     * unavailable") or by another handle in this one ("lock hold by current process").
     */
    private static boolean heldLock(RocksDBException e) {
        Status status = e.getStatus();
        String message = String.valueOf(e.getMessage());
        return (status == null || status.getCode() == Status.Code.IOError)
                && (message.contains("While lock file") || message.contains("lock hold by current process"));
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** An admitted batch between its admission under the chain lock and the end of its write. */
    private record PendingWrite(long firstSequence, long acceptedAtMillis, List<JournalEntry> entries, BitSet reusedKey,
                                Map<DedupeKey, DedupeValue> dedupeValues, int collisions, long bytes,
                                CompletableFuture<Void> done) {
    }

    /** An entry's identity within one call: its dedupe key and the SHA-256 of its payload. */
    private record ContentKey(DedupeKey key, byte[] digest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ContentKey other && key.equals(other.key) && Arrays.equals(digest, other.digest);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(digest);
        }
    }
}
