package io.auditseal.seal;

import io.auditseal.cli.AuditSealCommand;
import io.auditseal.format.ChainId;
import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.hsm.SoftHsm;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.RocksJournal;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.note.SigningException;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sealing with a key that lives in a PKCS#11 token (SoftHSM2), end to end: the key made by {@code auditseal keygen},
 * seals written by the real sealer to a directory store, and the chain verified offline by {@code auditseal verify}
 * with the verifier key keygen printed; a token that cannot sign leaves the records journaled for a later seal.
 */
class Pkcs11SealingTest {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-05T10:00:00Z"));

    @TempDir
    Path dir;

    private SoftHsm.Token token;
    private RocksJournal journal;
    private int nextId;

    @BeforeEach
    void open() throws Exception {
        token = SoftHsm.newToken();
        journal = RocksJournal.open(JournalConfig.defaults(dir.resolve("journal")), CLOCK);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void seal_withTheTokensKey_verifiesOfflineWithTheVkeyKeygenPrinted() throws Exception {
        String vkey = keygen("checkpoints");
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("checkpoints"), CHAIN.defaultOrigin())) {
            ChainSealer sealer = sealer(store, signer);
            journal(3);
            assertInstanceOf(ChainSealer.Step.Sealed.class, sealer.step());
            journal(3);
            assertInstanceOf(ChainSealer.Step.Sealed.class, sealer.step());
        }

        ChainReport report = new ChainVerifier(store, CHAIN, NoteVerifier.parse(vkey)).verifyAll();
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(6, report.records());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, cli(out, err, "verify", "--chain", CHAIN.toString(), "--store-dir", dir.resolve("store").toString(),
                "--vkey", vkey), err.toString());
        assertTrue(out.toString().contains("VERIFIED"), out.toString());
    }

    @Test
    void seal_tokenCannotSign_failsAsRetryable_andTheRecordsSealLater() throws Exception {
        keygen("checkpoints");
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        journal(3);
        Pkcs11Signer unreachable = Pkcs11Signer.open(token.config("checkpoints"), CHAIN.defaultOrigin());
        unreachable.close();
        ChainSealer failing = sealer(store, unreachable);
        assertThrows(SigningException.class, failing::step);
        assertEquals(List.of(), store.list(""), "nothing written for a seal that could not be signed");
        assertEquals(3, journal.pendingRecords(CHAIN));

        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("checkpoints"), CHAIN.defaultOrigin())) {
            ChainSealer.Step step = sealer(store, signer).step();
            assertEquals(3, ((ChainSealer.Step.Sealed) step).seal().manifest().recordCount());
            assertEquals(0, journal.pendingRecords(CHAIN));
            assertTrue(new ChainVerifier(store, CHAIN, signer.verifier()).verifyAll().intact());
        }
    }

    /** Runs {@code auditseal keygen} into the token and returns the verifier key it printed. */
    private String keygen(String keyLabel) throws Exception {
        Path pin = Files.writeString(dir.resolve("pin"), SoftHsm.PIN);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, cli(out, err, "keygen", "--name", CHAIN.defaultOrigin(), "--out", dir.resolve("keys").toString(),
                "--pkcs11-library", SoftHsm.LIBRARY.toString(), "--token-label", token.label(), "--key-label", keyLabel,
                "--pin-file", pin.toString()), err.toString());
        return out.toString().lines().filter(line -> line.startsWith(CHAIN.defaultOrigin() + "+")).findFirst()
                .orElseThrow(() -> new AssertionError("keygen printed no verifier key: " + out));
    }

    private ChainSealer sealer(DirectoryStore store, Pkcs11Signer signer) throws Exception {
        return new ChainSealer(CHAIN, journal, store, new SealAssembler(CHAIN, signer, CLOCK),
                new SealPolicy(3, Duration.ofSeconds(10), RetentionMode.COMPLIANCE, Duration.ofDays(1)), CLOCK, false);
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

    private static int cli(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
