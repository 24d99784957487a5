package io.auditseal.cli;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.PutOptions;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A small sealed chain in a directory store, built with the real sealing code, for the offline commands' tests. */
final class DirectoryChainFixture {

    static final ChainId CHAIN = new ChainId("prod", "cluster-a");

    final Ed25519PrivateKey key;
    final Path store;
    private final DirectoryStore directory;
    private SealAssembler assembler;
    private ChainHead head = ChainHead.genesis();
    /** The canonical records in log order. */
    final List<byte[]> records = new ArrayList<>();

    /** A key with the chain's name that did not sign it. */
    static Ed25519PrivateKey otherKey() throws Exception {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) 9);
        return Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), seed);
    }

    /** Seals batches of the given sizes; record n is {"auditID":"id-n","stage":"ResponseComplete"}. */
    DirectoryChainFixture(Path dir, int... sealSizes) throws Exception {
        this(dir, java.util.Set.of(), sealSizes);
    }

    /**
     * The same, but each record whose index is in {@code uncanonical} repeats a member ({"auditID":"id-n",...,
     * "x":1,"x":2}) and is sealed as the sealer does it: as an UncanonicalRecord of its bytes.
     */
    DirectoryChainFixture(Path dir, java.util.Set<Integer> uncanonical, int... sealSizes) throws Exception {
        key = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[32]);
        store = dir.resolve("store");
        directory = new DirectoryStore(store);
        assembler = new SealAssembler(CHAIN, key, CLOCK);
        seal(uncanonical, sealSizes);
    }

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T10:00:00Z"));

    /**
     * Hands the chain over from the key that signs it now to {@code next} (a KeyRotation seal signed by both), then
     * seals batches of the given sizes with {@code next}.
     */
    void handOverTo(Ed25519PrivateKey next, Ed25519PrivateKey current, int... sealSizes) throws Exception {
        byte[] rotation = new io.auditseal.format.KeyRotation(CHAIN, CLOCK.instant(), current.verifier().encode(),
                next.verifier().encode(), java.util.OptionalLong.empty()).canonical();
        assembler = new SealAssembler(CHAIN, next, CLOCK);
        write(assembler.handingOverFrom(current).assemble(head, List.of(new CanonicalRecord(rotation, Instant.EPOCH))));
        records.add(rotation);
        seal(java.util.Set.of(), sealSizes);
    }

    private void seal(java.util.Set<Integer> uncanonical, int... sealSizes) throws Exception {
        for (int size : sealSizes) {
            List<CanonicalRecord> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String event = "{\"auditID\":\"id-" + records.size() + "\",\"stage\":\"ResponseComplete\""
                        + (uncanonical.contains(records.size()) ? ",\"x\":1,\"x\":2}" : "}");
                byte[] raw = event.getBytes(StandardCharsets.UTF_8);
                byte[] line = uncanonical.contains(records.size())
                        ? io.auditseal.format.UncanonicalRecord.wrap(raw, "duplicate member name \"x\"")
                        : RecordCanonicalizer.canonicalize(raw);
                records.add(line);
                batch.add(new CanonicalRecord(line, Instant.EPOCH));
            }
            write(assembler.assemble(head, batch));
        }
    }

    private void write(AssembledSeal seal) throws Exception {
        String prefix = SealLayout.chainPrefix(CHAIN);
        directory.put(prefix + SealLayout.eventsKey(seal.manifest().sequence()), seal.eventsObject(), PutOptions.events(null));
        directory.put(prefix + SealLayout.manifestKey(seal.manifest().sequence()), seal.manifestBytes(), PutOptions.manifest(null));
        head = seal.next();
    }
}
