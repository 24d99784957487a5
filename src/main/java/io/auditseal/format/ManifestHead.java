package io.auditseal.format;

import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The chain head one stored manifest vouches for, taken without re-verifying the seals before it: what the sealer
 * resumes from when its journal is new and what the verifier starts from mid-chain. The one check both trust:
 * the manifest is seal {@code sequence}, its checkpoint verifies with the chain's key, and its compact range, its
 * checkpoint and its root hash agree on one tree (compared in constant time).
 */
public final class ManifestHead {

    private static final HexFormat HEX = HexFormat.of();

    private ManifestHead() {
    }

    /** A manifest that is well formed and signed, but whose parts do not describe one tree. */
    public static final class MismatchException extends Exception {
        public MismatchException(String message) {
            super(message);
        }
    }

    /**
     * The head after seal {@code sequence}, whose manifest is {@code manifestBytes}.
     *
     * @throws InvalidManifestException the bytes are not a manifest, or its compact range is malformed
     * @throws NoteException            its checkpoint does not verify with {@code key}
     * @throws MismatchException        it is not seal {@code sequence}, or its range, checkpoint and root disagree
     */
    public static ChainHead open(long sequence, byte[] manifestBytes, NoteVerifier key)
            throws InvalidManifestException, NoteException, MismatchException {
        SealManifest manifest = ManifestCodec.decode(manifestBytes);
        Checkpoint checkpoint = SignedCheckpoint.open(manifest.checkpoint(), key);
        CompactRange range;
        byte[] root;
        try {
            range = CompactRange.of(Rfc6962Hasher.SHA256, 0, manifest.treeSize(),
                    manifest.compactRange().stream().map(HEX::parseHex).toList());
            root = HEX.parseHex(manifest.rootHash());
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("seal " + sequence + ": compact range or root hash: " + e.getMessage());
        }
        if (manifest.sequence() != sequence) {
            throw new MismatchException("the manifest of seal " + sequence + " says it is seal " + manifest.sequence());
        }
        if (checkpoint.size() != manifest.treeSize()) {
            throw new MismatchException("seal " + sequence + ": checkpoint size " + checkpoint.size()
                    + ", manifest tree size " + manifest.treeSize());
        }
        if (!MessageDigest.isEqual(checkpoint.rootHash(), range.rootHash())
                || !MessageDigest.isEqual(checkpoint.rootHash(), root)) {
            throw new MismatchException("seal " + sequence + ": the compact range, the root hash and the signed root "
                    + "of its manifest differ");
        }
        return new ChainHead(sequence + 1, range, Digests.sha256Hex(manifestBytes));
    }
}
