package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalException;

import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Pipelines sealing: while one seal is written and read back (mostly waiting on storage), the next full batch is
 * canonicalised and assembled on another thread. Writes stay strictly one at a time and in order; a prepared seal
 * is handed out only if the chain stands exactly where it was assembled from, else it is dropped. Used by the
 * sealing thread only; the assembly itself runs on the executor.
 */
final class LookAhead {

    private final ChainId chain;
    private final Journal journal;
    private final BatchReader reader;
    private final SealAssembler assembler;
    private final SealPolicy policy;
    private final InstantSource clock;
    private final Executor executor;
    private CompletableFuture<Optional<PreparedSeal>> next;

    LookAhead(ChainId chain, Journal journal, BatchReader reader, SealAssembler assembler, SealPolicy policy,
              InstantSource clock, Executor executor) {
        this.chain = chain;
        this.journal = journal;
        this.reader = reader;
        this.assembler = assembler;
        this.policy = policy;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * Starts assembling the full batch that follows {@code basis} from journal position {@code from}, if the
     * journal holds one beyond the {@code inFlightRecords} (of {@code inFlightBytes}) of the seal being written now.
     */
    void start(ChainHead basis, long from, long inFlightRecords, long inFlightBytes) {
        discard();
        // The seal in flight still counts as pending until it commits.
        if (!policy.full(journal.pendingRecords(chain) - inFlightRecords, journal.pendingBytes(chain) - inFlightBytes)) {
            return;
        }
        next = CompletableFuture.supplyAsync(() -> {
            try {
                BatchReader.Batch batch = reader.readInto(assembler.begin(basis), from, policy.maxRecords(),
                        policy.maxBytes());
                // A partial batch waits for company or for its delay, which the sealing thread decides.
                if (!batch.full()) {
                    return Optional.empty();
                }
                return Optional.of(batch.finish(basis, from, clock.instant()));
            } catch (JournalException e) {
                // The sealing thread reads the journal itself and reports the failure.
                return Optional.empty();
            }
        }, executor);
    }

    /** The prepared seal, if it follows exactly from {@code head} and journal position {@code from}. */
    Optional<PreparedSeal> take(ChainHead head, long from) {
        CompletableFuture<Optional<PreparedSeal>> pending = next;
        next = null;
        if (pending == null) {
            return Optional.empty();
        }
        Optional<PreparedSeal> prepared;
        try {
            prepared = pending.join();
        } catch (CompletionException | CancellationException e) {
            return Optional.empty();
        }
        return prepared.filter(p -> p.basis().nextSequence() == head.nextSequence()
                && p.basis().treeSize() == head.treeSize()
                && p.basis().lastManifestSha256().equals(head.lastManifestSha256())
                && p.fromJournalPosition() == from);
    }

    /** Drops the seal being prepared: the chain may not stand where it was assembled from. */
    void discard() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
