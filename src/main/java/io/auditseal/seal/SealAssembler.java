package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteSigner;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns the next records of a chain into a seal: the gzip events object, the log extended by one leaf per record,
 * a signed checkpoint, and the manifest linking to the previous seal. Pure computation; writing is the caller's.
 * Records come as a list or one by one through a {@link SealBuilder}.
 */
public final class SealAssembler {

    private static final HexFormat HEX = HexFormat.of();

    private final ChainId chain;
    private final NoteSigner signer;
    // Signs each checkpoint before the chain's key: the previous key, in the one seal that hands the chain over.
    private final Optional<NoteSigner> handingOver;
    private final InstantSource clock;

    /** Requires the signer's key name to be the chain's origin. */
    public SealAssembler(ChainId chain, NoteSigner signer, InstantSource clock) {
        this(chain, signer, Optional.empty(), clock);
    }

    private SealAssembler(ChainId chain, NoteSigner signer, Optional<NoteSigner> handingOver,
                          InstantSource clock) {
        this.chain = chain;
        this.signer = signer;
        this.handingOver = handingOver;
        this.clock = clock;
    }

    /**
     * An assembler for the seal that hands the chain over from {@code previous} to this assembler's key: its
     * checkpoint is signed by both, the previous key first (docs/FORMAT.md, "Key rotation").
     */
    public SealAssembler handingOverFrom(NoteSigner previous) {
        if (!previous.name().equals(signer.name())) {
            throw new IllegalArgumentException("previous key " + previous.name() + " is not named for origin "
                    + signer.name());
        }
        return new SealAssembler(chain, signer, Optional.of(previous), clock);
    }

    public String origin() {
        return signer.name();
    }

    /** The verifier key of the signing key: what this chain's checkpoints must verify with. */
    public io.auditseal.tlog.note.NoteVerifier verifier() {
        return signer.verifier();
    }

    /** Starts a seal after {@code head}, to be fed its records one by one. */
    public SealBuilder begin(ChainHead head) {
        return new SealBuilder(this, head);
    }

    /** Seals {@code records}, in order, after {@code head}. Requires at least one record. */
    public AssembledSeal assemble(ChainHead head, List<CanonicalRecord> records) {
        return assemble(head, records, clock.instant());
    }

    /** As {@link #assemble(ChainHead, List)}, with the manifest's {@code createdAt} given. */
    public AssembledSeal assemble(ChainHead head, List<CanonicalRecord> records, Instant createdAt) {
        SealBuilder builder = begin(head);
        records.forEach(builder::add);
        return builder.finish(createdAt);
    }

    /** The checkpoint and manifest of a seal whose records {@code log}, {@code batch} and {@code eventsObject} hold. */
    AssembledSeal complete(ChainHead head, CompactRange log, CompactRange batch, int recordCount, Instant first,
                           Instant last, byte[] eventsObject, Instant createdAt) {
        byte[] rootHash = log.rootHash();
        String checkpoint;
        try {
            Checkpoint body = new Checkpoint(origin(), log.end(), rootHash);
            checkpoint = handingOver.isPresent() ? SignedCheckpoint.sign(body, handingOver.get(), signer)
                    : SignedCheckpoint.sign(body, signer);
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
                recordCount,
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
}
