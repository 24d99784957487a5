package io.auditseal.tlog.checkpoint;

import io.auditseal.tlog.ReferenceTree;
import io.auditseal.tlog.note.InvalidSignatureException;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.UnverifiedNoteException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CheckpointTest {

    @Test
    void parse_c2spExampleBody_readsOriginSizeAndRoot() throws Exception {
        // c2sp.org/tlog-checkpoint example (its signature cannot be checked: the key is not published).
        Checkpoint checkpoint = Checkpoint.parse(
                "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
        assertEquals("example.com/behind-the-sofa", checkpoint.origin());
        assertEquals(20852163L, checkpoint.size());
        assertEquals("0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62", checkpoint.rootHashHex());
    }

    @Test
    void format_referenceTree_isThreeLines() {
        Checkpoint checkpoint = new Checkpoint("auditseal/prod/a", 8, ReferenceTree.ROOTS.get(8));
        assertEquals("auditseal/prod/a\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", checkpoint.format());
    }

    @Test
    void parse_nonCanonicalBodies_throw() {
        String root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
        List<String> bodies = List.of(
                "o\n8\n" + root,
                "o\n08\n" + root + "\n",
                "o\n+8\n" + root + "\n",
                "o\n-1\n" + root + "\n",
                "o\n99999999999999999999\n" + root + "\n",
                "\n8\n" + root + "\n",
                "o\n8\n" + root + "\nextension\n",
                "o\n8\n" + "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",
                "o\n8\n" + "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ\n",
                "o\n8\n" + "!!!\n",
                "o\n8\n");
        for (String body : bodies) {
            assertThrows(MalformedNoteException.class, () -> Checkpoint.parse(body), body);
        }
    }

    @Test
    void signAndOpen_roundTrip() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed("auditseal/prod/a", new byte[32]);
        Checkpoint checkpoint = new Checkpoint("auditseal/prod/a", 8, ReferenceTree.ROOTS.get(8));
        String note = SignedCheckpoint.sign(checkpoint, signer);
        assertEquals(checkpoint, SignedCheckpoint.open(note, signer.verifier()));
    }

    @Test
    void open_otherKey_throws() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed("auditseal/prod/a", new byte[32]);
        Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed("auditseal/prod/a", ReferenceTree.ROOTS.get(8));
        String note = SignedCheckpoint.sign(new Checkpoint("auditseal/prod/a", 8, ReferenceTree.ROOTS.get(8)), signer);
        assertThrows(UnverifiedNoteException.class, () -> SignedCheckpoint.open(note, other.verifier()));
    }

    @Test
    void open_editedSize_throwsInvalidSignature() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed("auditseal/prod/a", new byte[32]);
        String note = SignedCheckpoint.sign(new Checkpoint("auditseal/prod/a", 8, ReferenceTree.ROOTS.get(8)), signer);
        assertThrows(InvalidSignatureException.class,
                () -> SignedCheckpoint.open(note.replace("\n8\n", "\n7\n"), signer.verifier()));
    }

    @Test
    void open_keyNameNotOrigin_throws() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed("auditseal/prod/a", new byte[32]);
        Ed25519PrivateKey otherName = Ed25519PrivateKey.fromSeed("auditseal/prod/b", new byte[32]);
        Checkpoint checkpoint = new Checkpoint("auditseal/prod/a", 1, ReferenceTree.ROOTS.get(1));
        // Signed as a plain note so the mismatch reaches open(): sign() refuses to make one.
        String note = io.auditseal.tlog.note.SignedNote.sign(checkpoint.format(), otherName);
        assertThrows(MalformedNoteException.class, () -> SignedCheckpoint.open(note, otherName.verifier()));
        assertThrows(IllegalArgumentException.class, () -> SignedCheckpoint.sign(checkpoint, otherName));
        SignedCheckpoint.open(SignedCheckpoint.sign(checkpoint, signer), signer.verifier());
    }
}
