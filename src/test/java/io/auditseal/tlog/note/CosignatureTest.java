package io.auditseal.tlog.note;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CosignatureTest {

    /*
     * A cosignature made by another implementation: Debian bookworm-backports' sigsum-go 0.11.1 sigsum-witness
     * (2026-12-05, loopback), answering add-checkpoint for a 2-leaf log whose leaves are "auditseal-leaf-0" and
     * "auditseal-leaf-1". Its vkey came from `sigsum-key to-vkey -t cosignature/v1`; the line is its response body.
     */
    static final String SIGSUM_WITNESS_VKEY = "sigsum.org/v1/witness/cafebe12df5af40ac313cc13a4d27df12af5f34c38a530a2c744035e93fb98f7"
            + "+f6abf127+BCwICicxTENobhpv49w2EQjSA0CKTojhW2AdIt3vrSZy";
    static final String CHECKPOINT = "sigsum.org/v1/tree/70ee542cbe0220c801fe4fa43ded0856d3e86fdeed68f2420db597ace43ed571\n"
            + "2\nLhPodjKr8i4fiq+tlUVMSi37YME+NYimpLZNi1T4B/U=\n";
    static final String SIGSUM_WITNESS_LINE = "\u2014 sigsum.org/v1/witness/cafebe12df5af40ac313cc13a4d27df12af5f34c38a530a2c744035e93fb98f7 "
            + "9qvxJwAAAABrFErRx9NnS7HMpLTKKPnzpzIIjYVwf0NsrQFX1F+/mzj/TCPDrpgkViMhkWx+Qo8OffhV7s9Uk/lzpaJNJgutIIyfAQ==";

    @Test
    void verify_sigsumWitnessCosignature_passesWithItsTimestamp() throws Exception {
        CosignatureVerifier witness = CosignatureVerifier.parse(SIGSUM_WITNESS_VKEY);
        Cosignature cosignature = Cosignature.of(NoteSignature.parseLine(SIGSUM_WITNESS_LINE));
        assertTrue(witness.claims(NoteSignature.parseLine(SIGSUM_WITNESS_LINE)));
        witness.verify(CHECKPOINT, cosignature);
        assertEquals(1796491985L, cosignature.timestamp());
        assertEquals(SIGSUM_WITNESS_VKEY, witness.encode());
        assertEquals(SIGSUM_WITNESS_LINE + "\n", cosignature.formatLine());
    }

    @Test
    void verify_otherCheckpointOrTimestamp_throws() throws Exception {
        CosignatureVerifier witness = CosignatureVerifier.parse(SIGSUM_WITNESS_VKEY);
        Cosignature cosignature = Cosignature.of(NoteSignature.parseLine(SIGSUM_WITNESS_LINE));
        assertThrows(InvalidSignatureException.class, () -> witness.verify(CHECKPOINT.replace("\n2\n", "\n3\n"), cosignature));
        Cosignature later = new Cosignature(cosignature.witness(), cosignature.keyId(), cosignature.timestamp() + 1,
                cosignature.signature());
        assertThrows(InvalidSignatureException.class, () -> witness.verify(CHECKPOINT, later));
    }

    @Test
    void cosign_roundTrips_andANoteSigningKeyIsNotACosigningKey() throws Exception {
        Cosigner cosigner = Cosigner.generate("witness.example/w1", new SecureRandom());
        Cosignature made = cosigner.cosign(CHECKPOINT, Instant.ofEpochSecond(1_800_000_000L, 999_000_000));
        assertEquals(1_800_000_000L, made.timestamp(), "whole seconds");
        CosignatureVerifier verifier = CosignatureVerifier.parse(cosigner.verifier().encode());
        verifier.verify(CHECKPOINT, Cosignature.of(NoteSignature.parseLine(made.formatLine().stripTrailing())));
        assertEquals(cosigner.verifier().encode(), Cosigner.parse(cosigner.encode()).verifier().encode());

        // The same 32 bytes as an Ed25519 note key (algorithm 0x01) is another key with another ID.
        MalformedNoteException wrongType = assertThrows(MalformedNoteException.class,
                () -> CosignatureVerifier.parse(Ed25519PrivateKey.generate("w", new SecureRandom()).verifier().encode()));
        assertTrue(wrongType.getMessage().contains("want 4"), wrongType.getMessage());
    }

    @Test
    void of_signatureOfTheWrongLength_throwsNamingTheWitness() {
        NoteSignature plain = new NoteSignature("witness.example/w1", 7, new byte[64]);
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> Cosignature.of(plain));
        assertTrue(e.getMessage().contains("witness.example/w1") && e.getMessage().contains("want 72"), e.getMessage());
    }
}
