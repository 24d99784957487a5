package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealManifest;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.NoteVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SealVerifierTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private Ed25519PrivateKey signer;
    private NoteVerifier vkey;
    private List<AssembledSeal> seals;

    @BeforeEach
    void sealThreeBatches() throws Exception {
        byte[] seed = new byte[32];
        seed[0] = 42;
        signer = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), seed);
        vkey = signer.verifier();
        SealAssembler assembler = new SealAssembler(CHAIN, signer, InstantSource.fixed(T0));
        seals = new ArrayList<>();
        ChainHead head = ChainHead.genesis();
        int[] sizes = {3, 1, 5};
        int n = 0;
        for (int size : sizes) {
            List<CanonicalRecord> records = new ArrayList<>();
            for (int i = 0; i < size; i++, n++) {
                records.add(record("{\"auditID\":\"id-" + n + "\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}"));
            }
            AssembledSeal seal = assembler.assemble(head, records);
            seals.add(seal);
            head = seal.next();
        }
    }

    @Test
    void verify_intactChain_passesAndTracksTheHead() throws Exception {
        ChainHead state = ChainHead.genesis();
        SealVerifier verifier = new SealVerifier(CHAIN, vkey);
        for (AssembledSeal seal : seals) {
            VerifiedSeal verified = verifier.verify(state, seal.manifestBytes(), seal.eventsObject());
            assertEquals(seal.manifest().treeSize(), verified.checkpoint().size());
            state = verified.next();
            assertEquals(seal.next(), state);
        }
        assertEquals(9, state.treeSize());
        assertEquals(3, state.nextSequence());
    }

    @Test
    void verify_oneByteOfEventsChanged_isDigestMismatch() {
        byte[] events = seals.get(0).eventsObject().clone();
        events[events.length / 2] ^= 1;
        assertReason(FailureReason.DIGEST_MISMATCH, ChainHead.genesis(), seals.get(0).manifestBytes(), events);
    }

    @Test
    void verify_recordEditedAndDigestsRecomputed_isBatchRootMismatch() throws Exception {
        // An attacker who rewrites the events object and patches the manifest's digests still cannot fix the roots.
        AssembledSeal seal = seals.get(0);
        byte[] forgedEvents = gzipLines("{\"auditID\":\"id-0\",\"stage\":\"ResponseComplete\",\"verb\":\"delete\"}",
                "{\"auditID\":\"id-1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}",
                "{\"auditID\":\"id-2\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}");
        byte[] manifest = withEvents(seal.manifest(), forgedEvents);
        assertReason(FailureReason.BATCH_ROOT_MISMATCH, ChainHead.genesis(), manifest, forgedEvents);
    }

    @Test
    void verify_recordRemoved_isRecordCountMismatch() throws Exception {
        AssembledSeal seal = seals.get(0);
        byte[] forgedEvents = gzipLines("{\"auditID\":\"id-0\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}",
                "{\"auditID\":\"id-1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}");
        assertReason(FailureReason.RECORD_COUNT_MISMATCH, ChainHead.genesis(),
                withEvents(seal.manifest(), forgedEvents), forgedEvents);
    }

    @Test
    void verify_nonCanonicalRecord_isRecordNotCanonical() throws Exception {
        byte[] forgedEvents = gzipLines("{ \"auditID\":\"id-0\"}");
        assertReason(FailureReason.RECORD_NOT_CANONICAL, ChainHead.genesis(),
                withEvents(seals.get(0).manifest(), forgedEvents), forgedEvents);
    }

    @Test
    void verify_sealSkipped_isSequenceGap() {
        AssembledSeal second = seals.get(1);
        assertReason(FailureReason.SEQUENCE_GAP, seals.get(0).next(), seals.get(2).manifestBytes(), seals.get(2).eventsObject());
        assertReason(FailureReason.SEQUENCE_GAP, ChainHead.genesis(), second.manifestBytes(), second.eventsObject());
    }

    @Test
    void verify_previousManifestReplaced_isChainBroken() {
        ChainHead afterFirst = seals.get(0).next();
        ChainHead otherDigest = new ChainHead(afterFirst.nextSequence(), afterFirst.range(), "00".repeat(32));
        assertReason(FailureReason.CHAIN_BROKEN, otherDigest, seals.get(1).manifestBytes(), seals.get(1).eventsObject());
    }

    @Test
    void verify_signedByAnotherKey_isSignatureInvalid() throws Exception {
        Ed25519PrivateKey impostor = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[32]);
        SealAssembler forger = new SealAssembler(CHAIN, impostor, InstantSource.fixed(T0));
        AssembledSeal forged = forger.assemble(ChainHead.genesis(),
                List.of(record("{\"auditID\":\"id-0\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}")));
        assertReason(FailureReason.SIGNATURE_INVALID, ChainHead.genesis(), forged.manifestBytes(), forged.eventsObject());
    }

    @Test
    void verify_manifestFieldEdited_isRejected() {
        String json = new String(seals.get(0).manifestBytes(), StandardCharsets.UTF_8);
        byte[] edited = json.replace("\"recordCount\":3", "\"recordCount\":2").getBytes(StandardCharsets.UTF_8);
        assertReason(FailureReason.INDEX_MISMATCH, ChainHead.genesis(), edited, seals.get(0).eventsObject());
        byte[] pretty = json.replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        assertReason(FailureReason.MANIFEST_INVALID, ChainHead.genesis(), pretty, seals.get(0).eventsObject());
    }

    @Test
    void verify_otherChainsManifest_isChainMismatch() {
        SealVerifier verifier = new SealVerifier(new ChainId("prod", "cluster-b"), vkey);
        SealVerificationException e = assertThrows(SealVerificationException.class, () ->
                verifier.verify(ChainHead.genesis(), seals.get(0).manifestBytes(), seals.get(0).eventsObject()));
        assertEquals(FailureReason.CHAIN_MISMATCH, e.reason());
    }

    @Test
    void verify_eventsUnderTheNextAttemptKey_passes_andAnyOtherKeyIsEventsKeyMismatch() throws Exception {
        AssembledSeal seal = seals.get(0);
        AssembledSeal moved = seal.withEventsKey(SealLayout.eventsKey(0, 1));
        VerifiedSeal verified = new SealVerifier(CHAIN, vkey).verify(ChainHead.genesis(), moved.manifestBytes(),
                moved.eventsObject());
        assertEquals(moved.next(), verified.next());
        for (String key : List.of("seals/00000000000000000000/events.01.jsonl.gz",
                "seals/00000000000000000001/events.jsonl.gz", "seals/00000000000000000000/events.1.jsonl",
                "seals/00000000000000000000/../00000000000000000001/events.jsonl.gz", "events.jsonl.gz")) {
            assertReason(FailureReason.EVENTS_KEY_MISMATCH, ChainHead.genesis(),
                    seal.withEventsKey(key).manifestBytes(), seal.eventsObject());
        }
    }

    @Test
    void verify_eventsOfAnotherSeal_isDigestMismatch() {
        assertReason(FailureReason.DIGEST_MISMATCH, ChainHead.genesis(), seals.get(0).manifestBytes(), seals.get(1).eventsObject());
    }

    private void assertReason(FailureReason want, ChainHead state, byte[] manifest, byte[] events) {
        SealVerificationException e = assertThrows(SealVerificationException.class,
                () -> new SealVerifier(CHAIN, vkey).verify(state, manifest, events));
        assertEquals(want, e.reason(), e.getMessage());
    }

    private static CanonicalRecord record(String json) {
        try {
            return new CanonicalRecord(RecordCanonicalizer.canonicalize(json.getBytes(StandardCharsets.UTF_8)), T0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] gzipLines(String... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            for (String line : lines) {
                gzip.write(line.getBytes(StandardCharsets.UTF_8));
                gzip.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static byte[] withEvents(SealManifest m, byte[] events) throws Exception {
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(events));
        SealManifest forged = new SealManifest(m.chain(), m.origin(), m.sequence(), m.firstIndex(), m.treeSize(),
                m.recordCount(), m.firstTimestamp(), m.lastTimestamp(),
                new SealManifest.EventsObject(m.events().key(), sha256, events.length), m.batchRoot(), m.rootHash(),
                m.compactRange(), m.previousManifestSha256(), m.checkpoint(), m.createdAt());
        return ManifestCodec.encode(forged);
    }
}
