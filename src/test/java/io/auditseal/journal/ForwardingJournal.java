package io.auditseal.journal;

import io.auditseal.format.ChainId;

import java.util.List;
import java.util.Optional;

/** A journal that hands every call to another: tests override the calls they count or break. */
public class ForwardingJournal implements Journal {

    private final Journal delegate;

    public ForwardingJournal(Journal delegate) {
        this.delegate = delegate;
    }

    @Override
    public AppendResult append(ChainId chain, List<JournalEntry> entries) throws JournalException {
        return delegate.append(chain, entries);
    }

    @Override
    public List<JournalRecord> read(ChainId chain, long fromPosition, int maxRecords, long maxBytes)
            throws JournalException {
        return delegate.read(chain, fromPosition, maxRecords, maxBytes);
    }

    @Override
    public void release(ChainId chain, long beforePosition) throws JournalException {
        delegate.release(chain, beforePosition);
    }

    @Override
    public void putChainState(ChainId chain, byte[] state) throws JournalException {
        delegate.putChainState(chain, state);
    }

    @Override
    public Optional<byte[]> chainState(ChainId chain) throws JournalException {
        return delegate.chainState(chain);
    }

    @Override
    public long pendingBytes() {
        return delegate.pendingBytes();
    }

    @Override
    public boolean refusing() {
        return delegate.refusing();
    }

    @Override
    public long pendingBytes(ChainId chain) {
        return delegate.pendingBytes(chain);
    }

    @Override
    public long pendingRecords(ChainId chain) {
        return delegate.pendingRecords(chain);
    }

    @Override
    public void close() {
        // The delegate belongs to the test.
    }
}
