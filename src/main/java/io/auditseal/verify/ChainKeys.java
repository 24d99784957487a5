package io.auditseal.verify;

import io.auditseal.format.KeyRotation;
import io.auditseal.tlog.note.NoteVerifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * The keys a chain's checkpoints must verify with as a verifier walks it: at first the keys it was given out of band
 * (the chain's first key, or a set an auditor trusts), then, after each hand-over, only the key that hand-over
 * names (docs/FORMAT.md, "Key rotation"). Also the history of keys met, for the report. Not thread-safe: one walk.
 */
public final class ChainKeys {

    /**
     * One key's stretch of the chain: the seals whose checkpoints it signed (the hand-over seal is signed by both
     * keys and counts for both).
     *
     * @param revokedFromTreeSize set by the hand-over away from it, for a revocation
     */
    public record Period(String key, long firstSequence, long lastSequence, long lastTreeSize,
                         OptionalLong revokedFromTreeSize) {
    }

    private final String origin;
    private List<NoteVerifier> current;
    private final List<Period> history = new ArrayList<>();
    private long firstSequence = -1;
    private long lastSequence = -1;
    private long lastTreeSize;
    // The key that signed the current stretch's first seal (one of several trusted keys, or the handed-over one).
    private NoteVerifier signer;

    private ChainKeys(List<NoteVerifier> trusted) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("a chain is verified with at least one key");
        }
        this.origin = trusted.get(0).name();
        for (NoteVerifier key : trusted) {
            if (!key.name().equals(origin)) {
                throw new IllegalArgumentException("trusted keys " + trusted.get(0).encode() + " and " + key.encode()
                        + " name two origins: one chain has one origin");
            }
        }
        this.current = List.copyOf(trusted);
    }

    /** Starts from the chain's first key (or the key at the first seal verified). */
    public static ChainKeys startingWith(NoteVerifier key) {
        return new ChainKeys(List.of(key));
    }

    /** Starts from a set of keys, any of which may have signed the first seal verified. */
    public static ChainKeys startingWith(Collection<NoteVerifier> trusted) {
        return new ChainKeys(List.copyOf(trusted));
    }

    /** The origin every checkpoint and key of the chain is named for. */
    public String origin() {
        return origin;
    }

    /** The keys the next seal's checkpoint must be signed by (one of them). */
    public List<NoteVerifier> current() {
        return current;
    }

    /** A seal verified with {@code signedBy}, one of the current keys. */
    void sealed(long sequence, long treeSize, NoteVerifier signedBy) {
        if (firstSequence < 0) {
            firstSequence = sequence;
            signer = signedBy;
        }
        lastSequence = sequence;
        lastTreeSize = treeSize;
    }

    /** Seal {@code sequence} handed the chain from {@code from} over to {@code next}, as {@code rotation} says. */
    void handedOver(long sequence, long treeSize, NoteVerifier from, NoteVerifier next, KeyRotation rotation) {
        sealed(sequence, treeSize, from);
        history.add(new Period(from.encode(), firstSequence, lastSequence, lastTreeSize, rotation.revokedFromTreeSize()));
        current = List.of(next);
        firstSequence = sequence;
        signer = next;
    }

    /** Every key's stretch so far, the current key's last. */
    public List<Period> history() {
        List<Period> all = new ArrayList<>(history);
        if (firstSequence >= 0) {
            all.add(new Period(signer.encode(), firstSequence, lastSequence, lastTreeSize, OptionalLong.empty()));
        }
        return all;
    }
}
