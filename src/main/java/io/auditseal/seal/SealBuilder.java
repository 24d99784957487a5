package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * A seal being built one record at a time: each record is hashed into the chain's log and the batch tree and
 * compressed into the events object as it comes, so a 10,000-record seal never holds all its records in memory at
 * once. {@link #finish} signs and links it. Not thread-safe; use once.
 */
public final class SealBuilder {

    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    private final SealAssembler assembler;
    private final ChainHead head;
    private final CompactRange log;
    private final CompactRange batch = CompactRange.empty(HASHER);
    private final ByteArrayOutputStream events = new ByteArrayOutputStream(256 * 1024);
    private final GZIPOutputStream gzip;
    private Instant first;
    private Instant last;
    private int count;

    SealBuilder(SealAssembler assembler, ChainHead head) {
        this.assembler = assembler;
        this.head = head;
        this.log = head.range();
        try {
            this.gzip = new GZIPOutputStream(events, 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("logic error: gzip into memory failed", e);
        }
    }

    /** Appends the next record, in order. */
    public void add(CanonicalRecord record) {
        byte[] line = record.canonicalJson();
        byte[] leafHash = HASHER.hashLeaf(line);
        log.append(leafHash, NodeVisitor.NONE);
        batch.append(leafHash, NodeVisitor.NONE);
        try {
            gzip.write(line);
            gzip.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("logic error: gzip into memory failed", e);
        }
        Instant at = record.acceptedAt();
        first = first == null || at.isBefore(first) ? at : first;
        last = last == null || at.isAfter(last) ? at : last;
        count++;
    }

    /** Records added so far. */
    public int count() {
        return count;
    }

    /** Signs the checkpoint and writes the manifest; the seal's {@code createdAt} is given. Requires a record. */
    public AssembledSeal finish(Instant createdAt) {
        if (count == 0) {
            throw new IllegalArgumentException("a seal holds at least one record");
        }
        try {
            gzip.close();
        } catch (IOException e) {
            throw new UncheckedIOException("logic error: gzip into memory failed", e);
        }
        return assembler.complete(head, log, batch, count, first, last, events.toByteArray(), createdAt);
    }
}
