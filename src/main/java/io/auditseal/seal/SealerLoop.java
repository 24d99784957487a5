package io.auditseal.seal;

import io.auditseal.journal.JournalCorruptedException;
import io.auditseal.journal.JournalException;
import io.auditseal.store.StoreException;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one chain's {@link ChainSealer} on its own thread (plus one that assembles the next seal ahead): seals as
 * soon as a batch is due, backs off while storage or the journal fail (records keep being journaled meanwhile), and
 * stops for good when the chain is halted: storage and journal disagree, or a journaled record is damaged.
 */
public final class SealerLoop implements AutoCloseable {

    /** How often an idle or waiting chain looks for new records; well under any sensible maxDelay. */
    static final Duration POLL = Duration.ofMillis(200);
    /** Retries after a failure start here and double up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** Long enough not to hammer a store that is down, short enough to resume soon after it is back. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What the loop is doing, for status and metrics. */
    public enum State { RUNNING, BACKING_OFF, HALTED, STOPPED }

    private final ChainSealer sealer;
    private final InstantSource clock;
    private final ScheduledExecutorService thread;
    // Assembles the next seal while the sealing thread writes the current one (see ChainSealer#prepareAheadOn).
    private final java.util.concurrent.ExecutorService preparer;
    private final List<Consumer<CommittedSeal>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> haltListeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.RUNNING;
    private volatile String lastError;
    private volatile Instant lastSealAt;
    private Duration backoff = FIRST_BACKOFF;

    public SealerLoop(String name, ChainSealer sealer, InstantSource clock) {
        this.sealer = sealer;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "sealer-" + name);
            t.setDaemon(true);
            return t;
        });
        this.preparer = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "sealer-prepare-" + name);
            t.setDaemon(true);
            return t;
        });
        sealer.prepareAheadOn(preparer);
    }

    /** Called on the sealing thread after every verified seal. */
    public void onSealed(Consumer<CommittedSeal> listener) {
        listeners.add(listener);
    }

    /** Called on the sealing thread, with the reason, when the loop halts for good. */
    public void onHalted(Consumer<String> listener) {
        haltListeners.add(listener);
    }

    public void start() {
        thread.execute(this::tick);
    }

    public State state() {
        return state;
    }

    /** The last failure, or null after a success. */
    public String lastError() {
        return lastError;
    }

    public Instant lastSealAt() {
        return lastSealAt;
    }

    /** Seals what the journal holds without waiting for batch delays (see {@link ChainSealer#drain}). */
    public void drain() {
        sealer.drain();
    }

    public ChainSealer sealer() {
        return sealer;
    }

    private void tick() {
        Duration next;
        try {
            ChainSealer.Step step = sealer.step();
            state = State.RUNNING;
            lastError = null;
            backoff = FIRST_BACKOFF;
            if (step instanceof ChainSealer.Step.Sealed sealed) {
                lastSealAt = clock.instant();
                listeners.forEach(listener -> listener.accept(sealed.seal()));
                next = Duration.ZERO;
            } else if (step instanceof ChainSealer.Step.Rebased rebased) {
                System.getLogger(SealerLoop.class.getName()).log(System.Logger.Level.WARNING, "fail-back: another "
                        + "writer sealed up to seal " + (rebased.onto().nextSequence() - 1) + " after this journal's seal "
                        + (rebased.from().nextSequence() - 1) + "; its " + rebased.unsealed()
                        + " unsealed records follow that seal now (recorded as JournalRebased)"
                        + (rebased.alreadySealed() == 0 ? "" : "; " + rebased.alreadySealed() + " of them the other "
                        + "writer had sealed too: sealed twice, listed in the JournalRebased record's alreadySealed"));
                next = Duration.ZERO;
            } else if (step instanceof ChainSealer.Step.Waiting waiting) {
                next = min(POLL, Duration.between(clock.instant(), waiting.due()));
            } else {
                next = POLL;
            }
        } catch (SealingHaltedException e) {
            halt(e.getMessage());
            return;
        } catch (JournalCorruptedException e) {
            // A damaged record is never sealed, skipped or retried into: the chain stops where it is, visibly.
            halt("the journal holds a damaged record: " + e.getMessage());
            return;
        } catch (StoreException | JournalException | RuntimeException e) {
            state = State.BACKING_OFF;
            lastError = e.getMessage();
            System.getLogger(SealerLoop.class.getName()).log(System.Logger.Level.WARNING,
                    "sealing failed, retrying in " + backoff.toMillis() + " ms: " + e.getMessage());
            next = backoff;
            backoff = min(MAX_BACKOFF, backoff.multipliedBy(2));
        }
        if (!thread.isShutdown()) {
            thread.schedule(this::tick, Math.max(0, next.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void halt(String why) {
        state = State.HALTED;
        lastError = why;
        System.getLogger(SealerLoop.class.getName()).log(System.Logger.Level.ERROR,
                "SEALING HALTED: " + why + ". Records stay journaled; nothing was overwritten.");
        haltListeners.forEach(listener -> listener.accept(why));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the loop, waiting up to 30 s for a seal in progress; true if the sealing thread has finished. */
    public boolean stop() {
        thread.shutdown();
        preparer.shutdown();
        boolean finished = false;
        try {
            finished = thread.awaitTermination(30, TimeUnit.SECONDS);
            preparer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state != State.HALTED) {
            state = State.STOPPED;
        }
        return finished;
    }
}
