package io.auditseal.witness;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.PutOptions;
import io.auditseal.store.StoreException;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.witness.AddCheckpointRequest;
import io.auditseal.tlog.witness.WitnessResponse;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.FailureReason;
import io.auditseal.verify.VerifyOptions;
import io.auditseal.verify.WitnessPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AuditSeal's witness client against a witness written by others: sigsum-go's sigsum-witness (scripts/sigsum-witness.sh,
 * Debian bookworm-backports). It cosigns a real chain's checkpoints, proved consistent seal to seal and across a gap and
 * a restart of the client; AuditSeal's offline verifier checks its cosignatures; and a fork presented to it is refused
 * and reported as one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigsumWitnessIT {

    private static Path dir;
    private static Ed25519PrivateKey logKey;
    private static ChainId chain = new ChainId("witnessed", "cluster-a");
    private static DirectoryStore store;
    private static SigsumWitness sigsum;
    private static Witness witness;
    private static ChainHead head = ChainHead.genesis();
    private static final List<AssembledSeal> seals = new ArrayList<>();
    private static int nextRecord;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("auditseal-sigsum-");
        // sigsum-witness knows one log, by an origin made of its key: sigsum.org/v1/tree/<hex SHA-256 of the key>.
        byte[] seed = new byte[32];
        seed[0] = 7;
        byte[] publicKey = Ed25519PrivateKey.fromSeed("x", seed).verifier().publicKey();
        String origin = "sigsum.org/v1/tree/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        logKey = Ed25519PrivateKey.fromSeed(origin, seed);
        store = new DirectoryStore(dir.resolve("store"));
        sigsum = SigsumWitness.start(logKey.verifier());
        witness = sigsum.witness();
    }

    @AfterAll
    static void stop() throws Exception {
        if (sigsum != null) {
            sigsum.close();
        }
    }

    /** Seals {@code records} records after the head, signed with the log's key, and stores the seal. */
    private static AssembledSeal seal(int records) throws StoreException {
        List<CanonicalRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            int n = nextRecord++;
            batch.add(new CanonicalRecord(("{\"auditID\":\"" + n + "\",\"stage\":\"ResponseComplete\"}")
                    .getBytes(StandardCharsets.UTF_8), Instant.now()));
        }
        AssembledSeal seal = new SealAssembler(chain, logKey, InstantSource.system()).assemble(head, batch);
        String prefix = SealLayout.chainPrefix(chain);
        store.put(prefix + seal.manifest().events().key(), seal.eventsObject(), PutOptions.events(null));
        store.put(prefix + SealLayout.manifestKey(seal.manifest().sequence()), seal.manifestBytes(),
                PutOptions.manifest(null));
        head = seal.next();
        seals.add(seal);
        return seal;
    }

    private static WitnessOutcome submit(Witnessing witnessing, AssembledSeal seal) {
        List<WitnessOutcome> outcomes = witnessing.submit(seal.manifest().sequence(), seal.manifest(), Optional.empty());
        assertEquals(1, outcomes.size());
        return outcomes.get(0);
    }

    @Test
    @Order(1)
    void cosigns_sealAfterSeal_acrossAGap_andAfterTheClientRestarts() throws Exception {
        Witnessing witnessing = new Witnessing(chain, store, List.of(witness), new WitnessClient(), InstantSource.system());
        assertEquals(WitnessOutcome.State.COSIGNED, submit(witnessing, seal(3)).state(), "the first checkpoint, from 0");
        assertEquals(WitnessOutcome.State.COSIGNED, submit(witnessing, seal(5)).state(), "a proof from 3 to 8");
        seal(2);
        WitnessOutcome acrossAGap = submit(witnessing, seal(6));
        assertEquals(WitnessOutcome.State.COSIGNED, acrossAGap.state(), acrossAGap.message());

        // A client that knows nothing (a restarted sink) asks from 0, learns the witness's size from its 409, and
        // proves from there.
        Witnessing restarted = new Witnessing(chain, store, List.of(witness), new WitnessClient(), InstantSource.system());
        WitnessOutcome afterRestart = submit(restarted, seal(1));
        assertEquals(WitnessOutcome.State.COSIGNED, afterRestart.state(), afterRestart.message());

        ChainReport report = new ChainVerifier(store, chain, logKey.verifier()).verify(VerifyOptions.defaults()
                .withWitnesses(new WitnessPolicy(List.of(witness.key()), 1, Duration.ofHours(1))));
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertTrue(report.notices().stream().anyMatch(n -> n.startsWith("witnessed up to seal 4 (tree size 17) by "
                + witness.name())), report.notices().toString());
    }

    @Test
    @Order(2)
    void verify_aCosignatureThatDoesNotVerify_doesNotCount() throws Exception {
        // Seal 5, and a "cosignature" for it that the witness never made: seal 4's, copied.
        AssembledSeal fifth = seal(2);
        String prefix = SealLayout.chainPrefix(chain);
        byte[] copied = store.get(prefix + SealLayout.cosignatureKey(4, witness.key().keyId())).orElseThrow().data();
        store.put(prefix + SealLayout.cosignatureKey(5, witness.key().keyId()), copied, PutOptions.cosignature(null));

        VerifyOptions strict = VerifyOptions.defaults()
                .withWitnesses(new WitnessPolicy(List.of(witness.key()), 1, Duration.ZERO));
        ChainReport report = new ChainVerifier(store, chain, logKey.verifier()).verify(strict);
        assertEquals(Optional.of(FailureReason.NOT_WITNESSED), report.failure().map(e -> e.reason()));
        assertTrue(report.notices().stream().anyMatch(n -> n.contains("does not verify on seal 5")), report.notices().toString());
        assertEquals(5, fifth.manifest().sequence());
    }

    @Test
    @Order(3)
    void fork_presentedToTheWitness_isRefusedAndReportedAsAFork() throws Exception {
        // Another history signed with the chain's key: seal 4's size, other records. The witness holds seal 4's tree.
        AssembledSeal genuine = seals.get(4);
        List<CanonicalRecord> other = new ArrayList<>();
        for (int i = 0; i < genuine.manifest().recordCount(); i++) {
            other.add(new CanonicalRecord(("{\"auditID\":\"forged-" + i + "\",\"stage\":\"ResponseComplete\"}")
                    .getBytes(StandardCharsets.UTF_8), Instant.now()));
        }
        AssembledSeal forged = new SealAssembler(chain, logKey, InstantSource.system()).assemble(seals.get(3).next(), other);
        assertEquals(genuine.manifest().treeSize(), forged.manifest().treeSize());

        WitnessResponse response = new WitnessClient().addCheckpoint(witness, new AddCheckpointRequest(
                genuine.manifest().treeSize(), List.of(), forged.manifest().checkpoint()));
        assertInstanceOf(WitnessResponse.Inconsistent.class, response, response.toString());

        // The same through the client, as a sink writing into a forked bucket would meet it.
        DirectoryStore forkStore = new DirectoryStore(dir.resolve("fork"));
        String prefix = SealLayout.chainPrefix(chain);
        for (int i = 0; i < 4; i++) {
            for (String key : store.list(prefix + SealLayout.sealDirectory(i))) {
                forkStore.put(key, store.get(key).orElseThrow().data(), PutOptions.events(null));
            }
        }
        forkStore.put(prefix + forged.manifest().events().key(), forged.eventsObject(), PutOptions.events(null));
        forkStore.put(prefix + SealLayout.manifestKey(4), forged.manifestBytes(), PutOptions.manifest(null));
        Witnessing forkedSink = new Witnessing(chain, forkStore, List.of(witness), new WitnessClient(), InstantSource.system());
        WitnessOutcome outcome = forkedSink.submit(4, forged.manifest(), Optional.empty()).get(0);
        assertEquals(WitnessOutcome.State.FORK, outcome.state(), outcome.message());
    }

    @Test
    @Order(4)
    void unreachableWitness_isToldApart() throws IOException {
        Witness gone;
        try (ServerSocket socket = new ServerSocket(0)) {
            gone = new Witness(URI.create("http://127.0.0.1:" + socket.getLocalPort()), witness.key());
        }
        Witnessing witnessing = new Witnessing(chain, store, List.of(gone), new WitnessClient(), InstantSource.system());
        WitnessOutcome outcome = witnessing.submit(seals.get(0).manifest().sequence(), seals.get(0).manifest(),
                Optional.empty()).get(0);
        assertEquals(WitnessOutcome.State.UNREACHABLE, outcome.state(), outcome.message());
    }
}
