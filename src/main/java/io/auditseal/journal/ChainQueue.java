package io.auditseal.journal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of one chain's queue: which sequence comes next, which writes are still in flight, and how
 * many records are pending. Methods other than the pending counters require {@link #lock} to be held; the
 * synced RocksDB write itself happens outside it, so concurrent appenders share one WAL fsync.
 */
final class ChainQueue {

    /** Guards sequence allocation and the in-flight bookkeeping. Never held across a synced write. */
    final ReentrantLock lock = new ReentrantLock();

    /** Serialises releases of this chain, so two of them never count the same records as freed. */
    final ReentrantLock releaseLock = new ReentrantLock();

    private final AtomicLong pendingRecords;
    private final AtomicLong pendingBytes;
    // Durable and in-flight payload bytes: what the chain's share of the cap limits.
    private final AtomicLong reservedBytes;
    private long nextSequence;
    // First sequence of every write in flight: the lowest one bounds what readers may see.
    private final TreeSet<Long> inFlightStarts = new TreeSet<>();
    // Dedupe keys of writes in flight, completed when their write is durable or failed.
    private final Map<DedupeKey, CompletableFuture<Void>> inFlightKeys = new HashMap<>();

    ChainQueue(long nextSequence, long pendingRecords, long pendingBytes) {
        this.nextSequence = nextSequence;
        this.pendingRecords = new AtomicLong(pendingRecords);
        this.pendingBytes = new AtomicLong(pendingBytes);
        this.reservedBytes = new AtomicLong(pendingBytes);
    }

    /** The future of the in-flight write holding any of {@code keys}, or {@code null} if none does. */
    CompletableFuture<Void> inFlightWriteOf(Collection<DedupeKey> keys) {
        assert lock.isHeldByCurrentThread();
        for (DedupeKey key : keys) {
            CompletableFuture<Void> write = inFlightKeys.get(key);
            if (write != null) {
                return write;
            }
        }
        return null;
    }

    /** Allocates {@code count} (positive) consecutive sequences and returns the first. */
    long allocate(int count) {
        assert lock.isHeldByCurrentThread();
        long first = nextSequence;
        nextSequence += count;
        return first;
    }

    /** Marks a write of {@code keys} from {@code firstSequence} on as in flight until {@link #finish}. */
    void start(long firstSequence, Collection<DedupeKey> keys, CompletableFuture<Void> write) {
        assert lock.isHeldByCurrentThread();
        inFlightStarts.add(firstSequence);
        for (DedupeKey key : keys) {
            inFlightKeys.put(key, write);
        }
    }

    /** Ends what {@link #start} began, whether the write succeeded or not. */
    void finish(long firstSequence, Collection<DedupeKey> keys) {
        assert lock.isHeldByCurrentThread();
        inFlightStarts.remove(firstSequence);
        for (DedupeKey key : keys) {
            inFlightKeys.remove(key);
        }
    }

    /**
     * The lowest sequence still in flight, or the next sequence if none is: every record below it is durable or
     * will never exist, so a reader that stops here never skips a record a later read could return.
     */
    long durableWatermark() {
        assert lock.isHeldByCurrentThread();
        return inFlightStarts.isEmpty() ? nextSequence : inFlightStarts.first();
    }

    /** The sequence the next allocation starts at. */
    long nextSequence() {
        assert lock.isHeldByCurrentThread();
        return nextSequence;
    }

    /** Records of this chain that are durable and not released. */
    AtomicLong pendingRecords() {
        return pendingRecords;
    }

    /** Payload bytes of this chain's records that are durable and not released. */
    AtomicLong pendingBytes() {
        return pendingBytes;
    }

    /** Payload bytes of this chain's records not released, durable or being written. */
    AtomicLong reservedBytes() {
        return reservedBytes;
    }
}
