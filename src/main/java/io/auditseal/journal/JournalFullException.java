package io.auditseal.journal;

/** Appending would take the unreleased records past the disk cap: the sender should retry later. */
public final class JournalFullException extends JournalException {

    public JournalFullException(long pendingBytes, long capBytes) {
        super("journal holds " + pendingBytes + " unsealed bytes, cap is " + capBytes);
    }
}
