package io.auditseal.seal;

import io.auditseal.format.ChainId;

/** What the operator asks of the sealers besides their status. */
public interface SealerControl {

    /** Runs a refused chain's storage preflight again and starts its sealer if it now passes. */
    void retryIfRefused(ChainId chain);

    /**
     * Seals the chain's journaled records as soon as they can be, without waiting for their batch's delay: the chain
     * is being deleted and takes no more records. No-op for a chain without a running sealer.
     */
    void drain(ChainId chain);

    /**
     * Stops every sealer for good (the process is shutting down: none starts again) and waits for each to finish the
     * write it is in. True if every one finished; false if one is still writing when its wait ran out.
     */
    boolean stopAll();
}
