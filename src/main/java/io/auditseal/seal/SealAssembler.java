package io.auditseal.seal;

import io.auditseal.seal.format.ChainHead;
import io.auditseal.seal.format.ChainId;
import io.auditseal.seal.format.Digests;
import io.auditseal.seal.format.ManifestCodec;
import io.auditseal.seal.format.SealLayout;
import io.auditseal.seal.format.SealManifest;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteSigner;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Turns the next records of a chain into a seal: the gzip events object, the log extended by one leaf per record,
 * a signed checkpoint, and the manifest linking to the previous seal. Pure computation; writing is the caller's.
 */
public final class SealAssembler {

    private static final HexFormat HEX = HexFormat.of();
    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    private final ChainId chain;
    private final NoteSigner signer;
    private final InstantSource clock;

    /** Requires the signer's key name to be the chain's origin. */
    public SealAssembler(ChainId chain, NoteSigner signer, InstantSource clock) {
        this.chain = chain;
        this.signer = signer;
        this.clock = clock;
    }

    public String origin() {
        return signer.name();
    }

    /** The verifier key of the signing key: what this chain's checkpoints must verify with. */
    public io.auditseal.tlog.note.NoteVerifier verifier() {
        return signer.verifier();
    }

    /** Seals {@code records}, in order, after {@code head}. Requires at least one record. */
    public AssembledSeal assemble(ChainHead head, List<SealRecord> records) {
        return assemble(head, records, clock.instant());
    }

    /** As {@link #assemble(ChainHead, List)}, with the manifest's {@code createdAt} given. */
    public AssembledSeal assemble(ChainHead head, List<SealRecord> records, Instant createdAt) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a seal holds at least one record");
        }
        CompactRange log = head.range();
        CompactRange batch = CompactRange.empty(HASHER);
        Instant first = records.get(0).acceptedAt();
        Instant last = first;
        ByteArrayOutputStream events = new ByteArrayOutputStream(records.size() * 512);
        try (GZIPOutputStream gzip = new GZIPOutputStream(events, 64 * 1024)) {
            for (SealRecord record : records) {
                byte[] line = record.canonicalJson();
                byte[] leafHash = HASHER.hashLeaf(line);
                log.append(leafHash, NodeVisitor.NONE);
                batch.append(leafHash, NodeVisitor.NONE);
                gzip.write(line);
                gzip.write('\n');
                first = min(first, record.acceptedAt());
                last = max(last, record.acceptedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("logic error: gzip into memory failed", e);
        }
        byte[] eventsObject = events.toByteArray();
        byte[] rootHash = log.rootHash();

        String checkpoint;
        try {
            checkpoint = SignedCheckpoint.sign(new Checkpoint(origin(), log.end(), rootHash), signer);
        } catch (MalformedNoteException e) {
            throw new IllegalStateException("logic error: a checkpoint body is always a valid note", e);
        }
        long sequence = head.nextSequence();
        SealManifest manifest = new SealManifest(
                chain.toString(),
                origin(),
                sequence,
                head.treeSize(),
                log.end(),
                records.size(),
                first,
                last,
                new SealManifest.EventsObject(SealLayout.eventsKey(sequence), Digests.sha256Hex(eventsObject), eventsObject.length),
                HEX.formatHex(batch.rootHash()),
                HEX.formatHex(rootHash),
                log.hashes().stream().map(HEX::formatHex).toList(),
                head.lastManifestSha256(),
                checkpoint,
                createdAt);
        byte[] manifestBytes = ManifestCodec.encode(manifest);
        ChainHead next = new ChainHead(sequence + 1, log, Digests.sha256Hex(manifestBytes));
        return new AssembledSeal(manifest, manifestBytes, eventsObject, next);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
