package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.store.StoreCheck;
import io.auditseal.tlog.note.NoteVerifier;

import java.util.Optional;

/**
 * What the running sealers report, read-only: the seam between whoever runs them and whoever reports on them (the
 * operator's status conditions and seal checks). Thread-safe.
 */
public interface SealerStatus {

    /** What the preflight found about a chain's storage, if its store could be reached. */
    Optional<StorageFindings> storage(ChainId chain);

    /** Why a chain is not sealing, if its sealer was refused (storage preflight, configuration). */
    Optional<String> refusal(ChainId chain);

    /** The chain's started sealer, if one was started and not refused. */
    Optional<Running> sealer(ChainId chain);

    /** Where a chain's storage is and what it offers, as its preflight found. */
    record StorageFindings(String location, StoreCheck check) {
    }

    /**
     * A started sealer: its loop's state, the last error it met (empty when none), the chain head it last wrote, and
     * the verifier key of the key it signs with.
     */
    record Running(SealerLoop.State state, String lastError, ChainHead head, NoteVerifier verifier) {
    }
}
