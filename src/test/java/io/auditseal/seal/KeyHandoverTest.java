package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.EventsObject;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.RocksJournal;
import io.auditseal.store.PutOptions;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreException;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.verify.ChainKeys;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.FailureReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key rotation at the sealer and the offline verifier: the hand-over seal, signed by both keys, and a verifier that
 * is given only the chain's first key and follows it; tampered hand-overs are refused with a precise reason.
 */
class KeyHandoverTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private RocksJournal journal;
    private FaultyStore store;
    private Ed25519PrivateKey first;
    private Ed25519PrivateKey second;
    private Ed25519PrivateKey third;
    private int nextId;

    @BeforeEach
    void open() throws Exception {
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal")), clock);
        store = new FaultyStore(new DirectoryStore(dir.resolve("store")));
        first = key(1);
        second = key(2);
        third = key(3);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static Ed25519PrivateKey key(int seed) throws Exception {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        return Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), bytes);
    }

    private ChainSealer sealer(Ed25519PrivateKey key, Optional<KeyHandover> handover) throws Exception {
        ChainSealer sealer = new ChainSealer(CHAIN, journal, store, new SealAssembler(CHAIN, key, clock),
                new SealPolicy(100, Duration.ofSeconds(10), RetentionMode.COMPLIANCE, Duration.ofDays(1)), clock,
                false, handover);
        sealer.recoverFromStorage();
        return sealer;
    }

    private void journal(int count) throws Exception {
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "id-" + nextId++;
            entries.add(new JournalEntry(new DedupeKey(id, "ResponseComplete"),
                    ("{\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\"}").getBytes(StandardCharsets.UTF_8)));
        }
        journal.append(CHAIN, entries);
    }

    private CommittedSeal sealDue(ChainSealer sealer) throws Exception {
        now.set(now.get().plusSeconds(11));
        return ((ChainSealer.Step.Sealed) sealer.step()).seal();
    }

    private ChainReport verifyWith(Ed25519PrivateKey key) throws StoreException {
        return new ChainVerifier(store, CHAIN, key.verifier()).verifyAll();
    }

    @Test
    void rotation_handsOverInASealOfItsOwn_andTheFirstKeyAloneVerifiesTheWholeChain() throws Exception {
        journal(3);
        sealDue(sealer(first, Optional.empty()));

        // The spec now names the second key and the first as the one to hand over from.
        journal(2);
        ChainSealer rotated = sealer(second, Optional.of(new KeyHandover(first, OptionalLong.empty())));
        assertTrue(rotated.handoverDue());
        CommittedSeal handover = sealDue(rotated);
        assertEquals(1, handover.manifest().recordCount(), "the KeyRotation alone");
        assertEquals(2, handover.manifest().checkpoint().split("\u2014 ").length - 1, "signed by both keys");
        CommittedSeal after = sealDue(rotated);
        assertEquals(2, after.manifest().recordCount(), "records journaled before the hand-over come after it");
        assertFalse(sealer(second, Optional.of(new KeyHandover(first, OptionalLong.empty()))).handoverDue(),
                "a hand-over happens once: the stored chain is signed by the second key now");

        ChainReport report = verifyWith(first);
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(6, report.records());
        List<ChainKeys.Period> keys = report.keys();
        assertEquals(List.of(first.verifier().encode(), second.verifier().encode()),
                keys.stream().map(ChainKeys.Period::key).toList());
        assertEquals(List.of(0L, 1L), keys.stream().map(ChainKeys.Period::firstSequence).toList());
        assertEquals(List.of(1L, 2L), keys.stream().map(ChainKeys.Period::lastSequence).toList());

        // Whoever knows only the second key cannot verify the first seal: the chain starts with the first.
        assertEquals(Optional.of(FailureReason.SIGNATURE_INVALID),
                verifyWith(second).failure().map(e -> e.reason()));
    }

    @Test
    void revocation_isRecordedAndTold_andCannotReachPastTheHandover() throws Exception {
        journal(3);
        sealDue(sealer(first, Optional.empty()));
        assertThrows(SealingHaltedException.class,
                () -> sealer(second, Optional.of(new KeyHandover(first, OptionalLong.of(4)))));

        ChainSealer rotated = sealer(second, Optional.of(new KeyHandover(first, OptionalLong.of(1))));
        sealDue(rotated);
        ChainReport report = verifyWith(first);
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(OptionalLong.of(1), report.keys().get(0).revokedFromTreeSize());
        assertTrue(report.notices().stream().anyMatch(n -> n.contains("was revoked from tree size 1")), report.notices().toString());
    }

    @Test
    void restart_withTheNewKeyButNoHandoverConfigured_halts() throws Exception {
        journal(3);
        sealDue(sealer(first, Optional.empty()));
        SealingHaltedException e = assertThrows(SealingHaltedException.class, () -> sealer(second, Optional.empty()));
        assertTrue(e.getMessage().contains("previous one of a key rotation"), e.getMessage());
    }

    @Test
    void crashAfterTheHandoverWasWritten_isAdoptedNotSealedAgain() throws Exception {
        journal(3);
        sealDue(sealer(first, Optional.empty()));
        ChainSealer rotated = sealer(second, Optional.of(new KeyHandover(first, OptionalLong.empty())));
        // The manifest is written, then the process dies before the journal learns of it.
        store.failAfterPut = key -> key.endsWith(SealLayout.MANIFEST_OBJECT);
        assertThrows(StoreException.class, () -> sealDue(rotated));
        store.failAfterPut = key -> false;

        ChainSealer restarted = sealer(second, Optional.of(new KeyHandover(first, OptionalLong.empty())));
        assertTrue(restarted.handoverDue(), "the journal still stands before the hand-over");
        CommittedSeal adopted = sealDue(restarted);
        assertTrue(adopted.adopted());
        assertEquals(1, adopted.manifest().sequence());
        journal(1);
        assertEquals(2, sealDue(restarted).manifest().sequence());
        assertTrue(verifyWith(first).intact(), verifyWith(first).failure().map(Throwable::getMessage).orElse(""));
    }

    @Test
    void tamperedHandovers_areRefusedWithTheirReason() throws Exception {
        journal(3);
        sealDue(sealer(first, Optional.empty()));
        ChainHead head = sealer(first, Optional.empty()).head();

        // A hand-over to a third key signed by the first key alone: the next key never proved it holds the key.
        AssembledSeal unproven = new SealAssembler(CHAIN, first, clock).assemble(head,
                List.of(rotationRecord(first, third)), now.get());
        assertTrue(refusal(unproven, FailureReason.KEY_HANDOVER_INVALID).contains(
                "the hand-over's checkpoint is not signed by the next key " + third.verifier().encode()));

        // A hand-over whose record names another previous key than the one the chain is signed with.
        AssembledSeal wrongPrevious = new SealAssembler(CHAIN, third, clock).handingOverFrom(first).assemble(head,
                List.of(rotationRecord(second, third)), now.get());
        assertTrue(refusal(wrongPrevious, FailureReason.KEY_HANDOVER_INVALID).contains("the KeyRotation hands over from key "
                + second.verifier().encode() + ", but the chain is signed by " + first.verifier().encode()));

        // A hand-over among other records.
        AssembledSeal crowded = new SealAssembler(CHAIN, third, clock).handingOverFrom(first).assemble(head,
                List.of(rotationRecord(first, third), new CanonicalRecord(
                        "{\"auditID\":\"x\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8), now.get())),
                now.get());
        assertTrue(refusal(crowded, FailureReason.KEY_HANDOVER_INVALID).contains("a KeyRotation record must be its seal's only record"));

        // After a genuine hand-over, a seal signed by the old key alone.
        AssembledSeal genuine = new SealAssembler(CHAIN, third, clock).handingOverFrom(first).assemble(head,
                List.of(rotationRecord(first, third)), now.get());
        AssembledSeal oldKeyAfter = new SealAssembler(CHAIN, first, clock).assemble(genuine.next(), List.of(
                new CanonicalRecord("{\"auditID\":\"y\",\"stage\":\"ResponseComplete\"}".getBytes(StandardCharsets.UTF_8),
                        now.get())), now.get());
        write(genuine);
        write(oldKeyAfter);
        ChainReport report = verifyWith(first);
        assertEquals(Optional.of(FailureReason.SIGNATURE_INVALID), report.failure().map(e -> e.reason()));
        assertEquals(2, report.failure().orElseThrow().sequence());
        assertTrue(report.failure().orElseThrow().getMessage().contains("handed over to key " + third.verifier().encode()));
    }

    private CanonicalRecord rotationRecord(Ed25519PrivateKey from, Ed25519PrivateKey to) {
        return new CanonicalRecord(new KeyRotation(CHAIN, now.get(), from.verifier().encode(), to.verifier().encode(),
                OptionalLong.empty()).canonical(), now.get());
    }

    /** Writes {@code seal} as seal 1 in a store of its own after seal 0, verifies it and returns the failure's text. */
    private String refusal(AssembledSeal seal, FailureReason reason) throws Exception {
        Path copy = dir.resolve("copy-" + nextId++);
        DirectoryStore other = new DirectoryStore(copy);
        String prefix = SealLayout.chainPrefix(CHAIN);
        for (String key : store.list(prefix + SealLayout.sealDirectory(0))) {
            other.put(key, store.get(key).orElseThrow().data(), PutOptions.manifest(null));
        }
        other.put(prefix + seal.manifest().events().key(), seal.eventsObject(), PutOptions.events(null));
        other.put(prefix + SealLayout.manifestKey(1), seal.manifestBytes(), PutOptions.manifest(null));
        ChainReport report = new ChainVerifier(other, CHAIN, first.verifier()).verifyAll();
        assertEquals(Optional.of(reason), report.failure().map(e -> e.reason()), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(1, report.failure().orElseThrow().sequence());
        return report.failure().orElseThrow().getMessage();
    }

    private void write(AssembledSeal seal) throws StoreException {
        String prefix = SealLayout.chainPrefix(CHAIN);
        long sequence = seal.manifest().sequence();
        store.put(prefix + seal.manifest().events().key(), seal.eventsObject(), PutOptions.events(null));
        store.put(prefix + SealLayout.manifestKey(sequence), seal.manifestBytes(), PutOptions.manifest(null));
    }
}
