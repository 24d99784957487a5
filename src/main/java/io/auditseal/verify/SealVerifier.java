package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.InvalidRecordException;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Verifies one seal of a chain from its two stored objects, given where the chain stood before it, as
 * docs/FORMAT.md ("Verifying a chain") lists. Trusts only the verifier key it is given: never a key from storage.
 */
public final class SealVerifier {

    private static final HexFormat HEX = HexFormat.of();
    private static final Rfc6962Hasher HASHER = Rfc6962Hasher.SHA256;

    private final ChainId chain;
    private final ChainKeys keys;

    public SealVerifier(ChainId chain, NoteVerifier trustedKey) {
        this(chain, ChainKeys.startingWith(trustedKey));
    }

    /** Verifies seals in order with {@code keys}, which follow the chain's key hand-overs as they are verified. */
    public SealVerifier(ChainId chain, ChainKeys keys) {
        this.chain = chain;
        this.keys = keys;
    }

    public ChainKeys keys() {
        return keys;
    }

    /**
     * Checks the seal {@code previous.nextSequence()} and returns the chain state after it.
     *
     * @throws SealVerificationException with the first failed check
     */
    public VerifiedSeal verify(ChainHead previous, byte[] manifestBytes, byte[] eventsObject)
            throws SealVerificationException {
        return verify(previous, manifestBytes, eventsObject, java.util.OptionalLong.empty());
    }

    /**
     * As {@link #verify(ChainHead, byte[], byte[])}, also returning the log's root at tree size {@code captureRootAt}
     * when this seal's leaves reach exactly that size: how a kept checkpoint is checked against the chain.
     */
    public VerifiedSeal verify(ChainHead previous, byte[] manifestBytes, byte[] eventsObject,
                               java.util.OptionalLong captureRootAt) throws SealVerificationException {
        return verify(previous, manifestBytes, eventsObject, captureRootAt, RecordSink.NONE);
    }

    /**
     * As above, handing each record to {@code sink} as it is hashed. Records of a seal that then fails were
     * already handed over: callers keep them only if the seal verifies.
     */
    public VerifiedSeal verify(ChainHead previous, byte[] manifestBytes, byte[] eventsObject,
                               java.util.OptionalLong captureRootAt, RecordSink sink) throws SealVerificationException {
        long sequence = previous.nextSequence();
        SealManifest m;
        try {
            m = ManifestCodec.decode(manifestBytes);
        } catch (InvalidManifestException e) {
            throw new SealVerificationException(sequence, FailureReason.MANIFEST_INVALID, e.getMessage());
        }
        if (!m.chain().equals(chain.toString()) || !m.origin().equals(keys.origin())) {
            throw new SealVerificationException(sequence, FailureReason.CHAIN_MISMATCH, "manifest is for chain "
                    + m.chain() + " origin " + m.origin() + ", want " + chain + " origin " + keys.origin());
        }
        if (m.sequence() != sequence) {
            throw new SealVerificationException(sequence, FailureReason.SEQUENCE_GAP,
                    "manifest sequence is " + m.sequence() + ", want " + sequence);
        }
        if (m.firstIndex() != previous.treeSize() || m.treeSize() != m.firstIndex() + m.recordCount()
                || m.recordCount() == 0) {
            throw new SealVerificationException(sequence, FailureReason.INDEX_MISMATCH, "firstIndex " + m.firstIndex()
                    + ", recordCount " + m.recordCount() + ", treeSize " + m.treeSize()
                    + "; previous treeSize " + previous.treeSize());
        }
        if (!m.previousManifestSha256().equals(previous.lastManifestSha256())) {
            throw new SealVerificationException(sequence, FailureReason.CHAIN_BROKEN, "previousManifestSha256 "
                    + m.previousManifestSha256() + ", want " + previous.lastManifestSha256());
        }
        if (SealLayout.attemptOfEventsKey(sequence, m.events().key()) < 0) {
            throw new SealVerificationException(sequence, FailureReason.EVENTS_KEY_MISMATCH,
                    "events key " + m.events().key() + ", want " + SealLayout.eventsKey(sequence) + " or "
                            + SealLayout.sealDirectory(sequence) + "events.<attempt>.jsonl.gz");
        }
        String eventsSha256 = Digests.sha256Hex(eventsObject);
        if (eventsObject.length != m.events().size() || !eventsSha256.equals(m.events().sha256())) {
            throw new SealVerificationException(sequence, FailureReason.DIGEST_MISMATCH, "events object has "
                    + eventsObject.length + " bytes, sha256 " + eventsSha256 + "; manifest says " + m.events().size()
                    + " bytes, sha256 " + m.events().sha256());
        }

        CompactRange log = previous.range();
        CompactRange batch = CompactRange.empty(HASHER);
        byte[][] captured = new byte[1][];
        long captureAt = captureRootAt.orElse(-1);
        List<KeyRotation> rotations = new java.util.ArrayList<>(1);
        long records = forEachLine(sequence, eventsObject, line -> {
            keyRotation(sequence, line).ifPresent(rotations::add);
            byte[] leafHash = HASHER.hashLeaf(line);
            sink.accept(log.end(), line);
            log.append(leafHash, NodeVisitor.NONE);
            batch.append(leafHash, NodeVisitor.NONE);
            if (log.end() == captureAt) {
                captured[0] = log.rootHash();
            }
        });
        if (records != m.recordCount()) {
            throw new SealVerificationException(sequence, FailureReason.RECORD_COUNT_MISMATCH,
                    "events object holds " + records + " records, manifest says " + m.recordCount());
        }
        String batchRoot = HEX.formatHex(batch.rootHash());
        if (!batchRoot.equals(m.batchRoot())) {
            throw new SealVerificationException(sequence, FailureReason.BATCH_ROOT_MISMATCH,
                    "records hash to batch root " + batchRoot + ", manifest says " + m.batchRoot());
        }
        byte[] root = log.rootHash();
        List<String> range = log.hashes().stream().map(HEX::formatHex).toList();
        if (!HEX.formatHex(root).equals(m.rootHash()) || !range.equals(m.compactRange())) {
            throw new SealVerificationException(sequence, FailureReason.ROOT_MISMATCH, "log of size " + log.end()
                    + " has root " + HEX.formatHex(root) + ", manifest says " + m.rootHash());
        }
        SignedCheckpoint.Opened opened;
        try {
            opened = SignedCheckpoint.open(m.checkpoint(), keys.current());
        } catch (NoteException e) {
            throw new SealVerificationException(sequence, FailureReason.SIGNATURE_INVALID, e.getMessage()
                    + (keys.history().size() > 1 ? " (the chain was handed over to key "
                    + keys.current().get(0).encode() + " before this seal)" : ""));
        }
        Checkpoint checkpoint = opened.checkpoint();
        if (checkpoint.size() != m.treeSize() || !Arrays.equals(checkpoint.rootHash(), root)) {
            throw new SealVerificationException(sequence, FailureReason.CHECKPOINT_MISMATCH,
                    "checkpoint is for size " + checkpoint.size() + " root " + checkpoint.rootHashHex()
                            + ", manifest for size " + m.treeSize() + " root " + m.rootHash());
        }
        NoteVerifier signedBy = signer(opened);
        java.util.Optional<KeyRotation> handover = java.util.Optional.empty();
        if (!rotations.isEmpty()) {
            NoteVerifier next = checkHandover(sequence, m, rotations, signedBy);
            keys.handedOver(sequence, m.treeSize(), signedBy, next, rotations.get(0));
            handover = java.util.Optional.of(rotations.get(0));
        } else {
            keys.sealed(sequence, m.treeSize(), signedBy);
        }
        ChainHead next = new ChainHead(sequence + 1, log, Digests.sha256Hex(manifestBytes));
        return new VerifiedSeal(m, checkpoint, next, java.util.Optional.ofNullable(captured[0]), handover);
    }

    /** The KeyRotation a record is, if it is one; a record that claims the kind and is not well formed fails. */
    private static java.util.Optional<KeyRotation> keyRotation(long sequence, byte[] line)
            throws SealVerificationException {
        try {
            return KeyRotation.read(line);
        } catch (InvalidRecordException e) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, e.getMessage());
        }
    }

    /** The current key that signed the checkpoint (the first, where several trusted keys did). */
    private NoteVerifier signer(SignedCheckpoint.Opened opened) {
        var signature = opened.note().verified().get(0);
        return keys.current().stream().filter(key -> key.keyId() == signature.keyId()).findFirst().orElseThrow();
    }

    /**
     * A hand-over must prove itself (docs/FORMAT.md, "Key rotation"): its KeyRotation record is the seal's only
     * record, names this chain and the key the chain is signed with as the previous key, and the checkpoint is
     * signed by the next key too; a revocation point is no later than the hand-over. Returns the next key.
     */
    private NoteVerifier checkHandover(long sequence, SealManifest m, List<KeyRotation> rotations, NoteVerifier signedBy)
            throws SealVerificationException {
        KeyRotation rotation = rotations.get(0);
        if (rotations.size() != 1 || m.recordCount() != 1) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "a KeyRotation record "
                    + "must be its seal's only record; this seal holds " + m.recordCount() + " records, "
                    + rotations.size() + " of them KeyRotation");
        }
        if (!rotation.chain().equals(chain)) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "the KeyRotation is "
                    + "for chain " + rotation.chain() + ", want " + chain);
        }
        if (!rotation.previousKey().equals(signedBy.encode())) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "the KeyRotation hands "
                    + "over from key " + rotation.previousKey() + ", but the chain is signed by " + signedBy.encode());
        }
        NoteVerifier next;
        try {
            next = NoteVerifier.parse(rotation.nextKey());
        } catch (NoteException e) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "the KeyRotation's next "
                    + "key is not a verifier key: " + e.getMessage());
        }
        if (!next.name().equals(keys.origin())) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "the next key is named "
                    + next.name() + ", want the origin " + keys.origin());
        }
        try {
            SignedCheckpoint.open(m.checkpoint(), next);
        } catch (NoteException e) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "the hand-over's "
                    + "checkpoint is not signed by the next key " + next.encode() + ": " + e.getMessage());
        }
        if (rotation.revokedFromTreeSize().isPresent() && rotation.revokedFromTreeSize().getAsLong() > m.firstIndex()) {
            throw new SealVerificationException(sequence, FailureReason.KEY_HANDOVER_INVALID, "the KeyRotation revokes "
                    + "the previous key from tree size " + rotation.revokedFromTreeSize().getAsLong()
                    + ", after the hand-over at " + m.firstIndex());
        }
        return next;
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(byte[] line) throws SealVerificationException;
    }

    /** Feeds each line (without its newline) to {@code consumer} after checking it is canonical; returns the count. */
    private static long forEachLine(long sequence, byte[] gzip, LineConsumer consumer) throws SealVerificationException {
        long count = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        byte[] bytes = line.toByteArray();
                        checkCanonical(sequence, count, bytes);
                        consumer.accept(bytes);
                        count++;
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
            }
            if (line.size() > 0) {
                throw new SealVerificationException(sequence, FailureReason.EVENTS_UNREADABLE,
                        "events object ends without a newline after record " + count);
            }
        } catch (IOException e) {
            throw new SealVerificationException(sequence, FailureReason.EVENTS_UNREADABLE,
                    "events object is not valid gzip: " + e.getMessage());
        }
        return count;
    }

    private static void checkCanonical(long sequence, long record, byte[] line) throws SealVerificationException {
        try {
            if (line.length == 0 || line[0] != '{' || !Arrays.equals(RecordCanonicalizer.canonicalize(line), line)) {
                throw new SealVerificationException(sequence, FailureReason.RECORD_NOT_CANONICAL,
                        "record " + record + " of the seal is not a canonical JSON object");
            }
        } catch (InvalidRecordException e) {
            throw new SealVerificationException(sequence, FailureReason.RECORD_NOT_CANONICAL,
                    "record " + record + " of the seal is not JSON: " + e.getMessage());
        }
    }

}
