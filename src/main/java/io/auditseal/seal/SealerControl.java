package io.auditseal.seal;

import io.auditseal.format.ChainId;

/** The one thing the operator asks of the sealers besides their status. */
public interface SealerControl {

    /** Runs a refused chain's storage preflight again and starts its sealer if it now passes. */
    void retryIfRefused(ChainId chain);
}
