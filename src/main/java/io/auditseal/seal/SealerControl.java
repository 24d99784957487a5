package io.auditseal.seal;

import io.auditseal.format.ChainId;

/** The one thing the operator asks of the sealers besides their status. */
public interface SealerControl {

    /** Runs a refused chain's storage preflight again and starts its sealer if it now passes. */
    void retryIfRefused(ChainId chain);

    /**
     * Stops every sealer for good (the process is shutting down: none starts again) and waits for each to finish the
     * write it is in. True if every one finished; false if one is still writing when its wait ran out.
     */
    boolean stopAll();
}
