package io.auditseal.verify;

import io.auditseal.format.ReusedAuditId;

import java.util.Optional;

/**
 * Passes records on and counts those marked {@link ReusedAuditId#MEMBER}: their auditID (the client's Audit-ID
 * header) was given to another request too. Both are sealed, so this is a notice, not a failure.
 */
final class ReusedAuditIds implements RecordSink {

    private final RecordSink next;
    private long marked;

    ReusedAuditIds(RecordSink next) {
        this.next = next;
    }

    @Override
    public void accept(long index, byte[] record) {
        if (ReusedAuditId.marked(record)) {
            marked++;
        }
        next.accept(index, record);
    }

    @Override
    public void sealVerified(long sequence) {
        next.sealVerified(sequence);
    }

    /** The notice for the marked records seen, if any. */
    Optional<String> notice() {
        return marked == 0 ? Optional.empty() : Optional.of(marked + (marked == 1 ? " record carries " : " records carry ")
                + ReusedAuditId.MEMBER + ": its auditID was reused by another request (both are sealed; docs/INGEST.md)");
    }
}
