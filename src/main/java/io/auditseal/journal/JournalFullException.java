package io.auditseal.journal;

import io.auditseal.format.ChainId;

/**
 * Appending would take the unreleased records past the disk cap, or past the chain's share of it: the sender should
 * retry later.
 */
public final class JournalFullException extends JournalException {

    public JournalFullException(long pendingBytes, long capBytes) {
        super("journal holds " + pendingBytes + " unsealed bytes, cap is " + capBytes);
    }

    public JournalFullException(ChainId chain, long pendingBytes, long chainCapBytes) {
        super("chain " + chain + " holds " + pendingBytes + " unsealed bytes, its share of the journal is "
                + chainCapBytes);
    }
}
