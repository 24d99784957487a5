package io.auditseal.tlog.witness;

import io.auditseal.tlog.note.MalformedNoteException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AddCheckpointRequestTest {

    private static final String ORIGIN = "sigsum.org/v1/tree/70ee542cbe0220c801fe4fa43ded0856d3e86fdeed68f2420db597ace43ed571";
    /*
     * A request Debian's sigsum-go 0.11.1 sigsum-witness accepted (200) on 2026-12-05: a 4-leaf log ("auditseal-leaf-0"
     * to "-3") after the witness had cosigned its size-2 checkpoint; the one proof hash is MTH(leaves 2..3).
     */
    private static final String ACCEPTED = "old 2\n"
            + "Ai5ipv4MmJPEl51R+qzA59AHA73pfU3SdoN5VVD4sec=\n"
            + "\n"
            + ORIGIN + "\n4\nnirEn7fmqSTxTrpBkQKEkhlvjqUB1wao3iBbOzh01A8=\n"
            + "\n"
            + "\u2014 " + ORIGIN + " lYza3nr4qi+rD9/xndeNUlPn4oFbYSGyUc0HRIGud3TmswtTwqzRR5VcjEt8ws71lfufZrCrDFg1H33p+bCcEz30KAk=\n";

    @Test
    void encode_givesTheBytesAWitnessAccepted_andParseReadsThemBack() throws Exception {
        String note = ACCEPTED.substring(ACCEPTED.indexOf("\n\n") + 2);
        byte[] hash = Base64.getDecoder().decode("Ai5ipv4MmJPEl51R+qzA59AHA73pfU3SdoN5VVD4sec=");
        AddCheckpointRequest request = new AddCheckpointRequest(2, List.of(hash), note);
        assertEquals(ACCEPTED, new String(request.encode(), StandardCharsets.UTF_8));

        AddCheckpointRequest parsed = AddCheckpointRequest.parse(ACCEPTED.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, parsed.oldSize());
        assertArrayEquals(hash, parsed.consistencyProof().get(0));
        assertEquals(note, parsed.checkpointNote());
    }

    @Test
    void acceptedRequest_isTheProofAndRootThisProjectsTreeComputes() {
        List<byte[]> leaves = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] data = ("auditseal-leaf-" + i).getBytes(StandardCharsets.UTF_8);
            leaves.add(io.auditseal.tlog.rfc6962.Rfc6962Hasher.SHA256.hashLeaf(data, 0, data.length));
        }
        var tree = new io.auditseal.tlog.proof.LeafHashTree(io.auditseal.tlog.rfc6962.Rfc6962Hasher.SHA256, leaves);
        List<byte[]> proof = new io.auditseal.tlog.proof.ProofBuilder(tree).consistency(2, 4);
        assertEquals(List.of("Ai5ipv4MmJPEl51R+qzA59AHA73pfU3SdoN5VVD4sec="),
                proof.stream().map(Base64.getEncoder()::encodeToString).toList());
        assertEquals("nirEn7fmqSTxTrpBkQKEkhlvjqUB1wao3iBbOzh01A8=", Base64.getEncoder().encodeToString(tree.rootOf(0, 4)));
    }

    @Test
    void firstCheckpoint_oldZeroWithoutProof() throws Exception {
        AddCheckpointRequest first = new AddCheckpointRequest(0, List.of(), ORIGIN + "\n2\nx\n\n\u2014 k x\n");
        assertEquals("old 0\n\n" + ORIGIN + "\n2\nx\n\n\u2014 k x\n", new String(first.encode(), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new AddCheckpointRequest(0, List.of(new byte[32]), "n\n"));
    }

    @Test
    void parse_leadingZerosOrNoBlankLine_throws() {
        assertThrows(MalformedNoteException.class, () -> AddCheckpointRequest.parse("old 02\n\nx\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedNoteException.class, () -> AddCheckpointRequest.parse("old 2\nx\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedNoteException.class, () -> AddCheckpointRequest.parse("old 2\n!!\n\nx\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void response_conflictCarriesTheWitnessSize_otherAnswersAreTold() {
        assertEquals(new WitnessResponse.Conflict(4),
                WitnessResponse.of(409, "text/x.tlog.size", "4\n".getBytes(StandardCharsets.UTF_8)));
        // sigsum-witness answers a same-size fork with 422 (the spec says 409 without a size): both are inconsistency.
        assertInstanceOf(WitnessResponse.Inconsistent.class, WitnessResponse.of(422, "text/plain",
                "(422) Unprocessable Entity\n".getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(WitnessResponse.Inconsistent.class, WitnessResponse.of(409, "text/plain", new byte[0]));
        assertEquals(new WitnessResponse.Refused(404, "(404) Not Found"),
                WitnessResponse.of(404, "text/plain", "(404) Not Found\n".getBytes(StandardCharsets.UTF_8)));
        WitnessResponse.Cosigned cosigned = (WitnessResponse.Cosigned) WitnessResponse.of(200, "text/plain",
                "\u2014 w1 AAAA\n\u2014 w2 BBBB\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("\u2014 w1 AAAA", "\u2014 w2 BBBB"), cosigned.signatureLines());
    }
}
