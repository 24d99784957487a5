package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.EventsObject;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.InvalidRecordException;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.ManifestHead;
import io.auditseal.format.SealManifest;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seal that hands a chain from one signing key to the next (docs/FORMAT.md, "Key rotation"): its only record is
 * a {@link KeyRotation}, and its checkpoint is signed by the previous key and then the next. Pure: assembling one,
 * and recognising one found in storage.
 */
final class Handover {

    private Handover() {
    }

    /** The record that hands over from {@code handover}'s previous key to {@code assembler}'s key. */
    static KeyRotation rotation(ChainId chain, SealAssembler assembler, KeyHandover handover, Instant now) {
        return new KeyRotation(chain, now, handover.previous().verifier().encode(), assembler.verifier().encode(),
                handover.revokedFromTreeSize());
    }

    /** The hand-over seal of {@code rotation} after {@code head}, signed by both keys. */
    static AssembledSeal assemble(SealAssembler assembler, KeyHandover handover, KeyRotation rotation, ChainHead head) {
        return assembler.handingOverFrom(handover.previous()).assemble(head,
                List.of(new CanonicalRecord(rotation.canonical(), rotation.rotatedAt())), rotation.rotatedAt());
    }

    /**
     * The head after seal {@code sequence} if it is a hand-over from {@code previous} to {@code next} that follows
     * {@code head}: one KeyRotation record naming both keys, linked to {@code head}, its checkpoint signed by both,
     * its root {@code head}'s tree with that one leaf appended. Empty for anything else.
     */
    /** A hand-over found in storage: the chain's head after it, and its record. */
    record Found(ChainHead next, KeyRotation rotation) {
    }

    static Optional<Found> recognise(ChainId chain, long sequence, ChainHead head, byte[] manifestBytes,
                                     byte[] eventsBytes, NoteVerifier previous, NoteVerifier next) {
        SealManifest manifest;
        ChainHead after;
        try {
            manifest = ManifestCodec.decode(manifestBytes);
            after = ManifestHead.open(sequence, manifestBytes, next);
            ManifestHead.open(sequence, manifestBytes, previous);
        } catch (InvalidManifestException | NoteException | ManifestHead.MismatchException e) {
            return Optional.empty();
        }
        if (manifest.recordCount() != 1 || manifest.firstIndex() != head.treeSize()
                || !manifest.previousManifestSha256().equals(head.lastManifestSha256())
                || !Digests.sha256Hex(eventsBytes).equals(manifest.events().sha256())) {
            return Optional.empty();
        }
        List<byte[]> records = new ArrayList<>();
        Optional<KeyRotation> rotation;
        try {
            EventsObject.forEachRecord(eventsBytes, records::add);
            if (records.size() != 1) {
                return Optional.empty();
            }
            rotation = KeyRotation.read(records.get(0));
            if (rotation.isEmpty() || !rotation.get().chain().equals(chain)
                    || !rotation.get().previousKey().equals(previous.encode())
                    || !rotation.get().nextKey().equals(next.encode())) {
                return Optional.empty();
            }
        } catch (IOException | InvalidRecordException e) {
            return Optional.empty();
        }
        CompactRange extended = head.range().copy();
        byte[] leaf = records.get(0);
        extended.append(Rfc6962Hasher.SHA256.hashLeaf(leaf, 0, leaf.length), (node, hash) -> { });
        return extended.equals(after.range()) ? Optional.of(new Found(after, rotation.get())) : Optional.empty();
    }
}
