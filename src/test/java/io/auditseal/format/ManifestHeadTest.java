package io.auditseal.format;

import io.auditseal.seal.AssembledSeal;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The trusted-head check the sealer's recovery and the verifier share, on the worked example of docs/FORMAT.md. */
class ManifestHeadTest {

    @Test
    void open_signedManifest_givesTheHeadAfterIt() throws Exception {
        List<AssembledSeal> seals = FormatExample.seals();
        for (int sequence = 0; sequence < seals.size(); sequence++) {
            AssembledSeal seal = seals.get(sequence);
            ChainHead head = ManifestHead.open(sequence, seal.manifestBytes(), FormatExample.key().verifier());
            assertEquals(seal.next().nextSequence(), head.nextSequence());
            assertEquals(seal.next().treeSize(), head.treeSize());
            assertEquals(seal.next().lastManifestSha256(), head.lastManifestSha256());
            assertEquals(seal.next().range().hashes().size(), head.range().hashes().size());
        }
    }

    @Test
    void open_otherKey_throwsNoteException() throws Exception {
        AssembledSeal seal = FormatExample.seals().get(0);
        Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(FormatExample.CHAIN.defaultOrigin(), new byte[32]);
        assertThrows(NoteException.class, () -> ManifestHead.open(0, seal.manifestBytes(), other.verifier()));
    }

    @Test
    void open_asAnotherSequence_throwsMismatch() throws Exception {
        AssembledSeal seal = FormatExample.seals().get(1);
        var e = assertThrows(ManifestHead.MismatchException.class,
                () -> ManifestHead.open(2, seal.manifestBytes(), FormatExample.key().verifier()));
        assertEquals("the manifest of seal 2 says it is seal 1", e.getMessage());
    }

    @Test
    void open_rootHashEdited_throwsMismatch() throws Exception {
        AssembledSeal seal = FormatExample.seals().get(1);
        String root = seal.manifest().rootHash();
        String flipped = (root.charAt(0) == '0' ? "1" : "0") + root.substring(1);
        byte[] edited = new String(seal.manifestBytes(), StandardCharsets.UTF_8)
                .replace("\"rootHash\":\"" + root + "\"", "\"rootHash\":\"" + flipped + "\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(ManifestHead.MismatchException.class,
                () -> ManifestHead.open(1, edited, FormatExample.key().verifier()));
    }

    @Test
    void open_compactRangeEdited_throwsMismatch() throws Exception {
        AssembledSeal seal = FormatExample.seals().get(1);
        String first = seal.manifest().compactRange().get(0);
        String flipped = (first.charAt(0) == '0' ? "1" : "0") + first.substring(1);
        byte[] edited = new String(seal.manifestBytes(), StandardCharsets.UTF_8).replace(first, flipped)
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(ManifestHead.MismatchException.class,
                () -> ManifestHead.open(1, edited, FormatExample.key().verifier()));
    }
}
