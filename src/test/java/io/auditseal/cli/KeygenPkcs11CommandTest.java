package io.auditseal.cli;

import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.hsm.SoftHsm;
import io.auditseal.tlog.note.NoteVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code auditseal keygen} into a real PKCS#11 token (SoftHSM2): only the verifier key comes out. */
class KeygenPkcs11CommandTest {

    private static final String NAME = "auditseal/prod/cluster-a";
    private static SoftHsm.Token token;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Map<String, String> environment = Map.of();

    @BeforeAll
    static void token() throws Exception {
        token = SoftHsm.newToken();
    }

    @Test
    void keygen_inToken_printsAndWritesTheVerifierKeyOnly() throws Exception {
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN + "\n");
        assertEquals(0, run("keygen", "--name", NAME, "--out", dir.toString(), "--pkcs11-library",
                SoftHsm.LIBRARY.toString(), "--token-label", token.label(), "--key-label", "from-file",
                "--pin-file", pinFile.toString()), err.toString());

        String vkey = Files.readString(dir.resolve("auditseal-prod-cluster-a.vkey")).strip();
        NoteVerifier verifier = NoteVerifier.parse(vkey);
        assertEquals(NAME, verifier.name());
        assertTrue(out.toString().lines().anyMatch(vkey::equals), out.toString());
        assertTrue(out.toString().contains("CKA_SENSITIVE=true, CKA_EXTRACTABLE=false"), out.toString());
        assertFalse(out.toString().contains("PRIVATE+KEY"), "a private key was printed");
        assertEquals(List.of(dir.resolve("auditseal-prod-cluster-a.vkey"), dir.resolve("pin")), files());
        // The key the token holds is the one printed.
        try (Pkcs11Signer signer = Pkcs11Signer.open(token.config("from-file"), NAME)) {
            assertEquals(vkey, signer.verifier().encode());
        }
    }

    @Test
    void keygen_pinFromEnvironment_andALabelTaken_refusesTheSecondKey() throws Exception {
        environment = Map.of("TOKEN_PIN", SoftHsm.PIN);
        Path first = dir.resolve("first");
        assertEquals(0, run("keygen", "--name", NAME, "--out", first.toString(), "--pkcs11-library",
                SoftHsm.LIBRARY.toString(), "--token-label", token.label(), "--key-label", "from-env",
                "--pin-env", "TOKEN_PIN"), err.toString());

        assertEquals(1, run("keygen", "--name", NAME, "--out", dir.resolve("second").toString(), "--pkcs11-library",
                SoftHsm.LIBRARY.toString(), "--token-label", token.label(), "--key-label", "from-env",
                "--pin-env", "TOKEN_PIN"));
        assertTrue(err.toString().contains("already holds 2 object(s) with this label; refusing to create a second key"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("second").resolve("auditseal-prod-cluster-a.vkey")));
    }

    @Test
    void keygen_pinAsArgumentOrUnsetVariable_isAUsageError() {
        // No option takes the PIN itself: it would be readable in the process list.
        assertEquals(2, run("keygen", "--name", NAME, "--out", dir.toString(), "--pkcs11-library",
                SoftHsm.LIBRARY.toString(), "--token-label", token.label(), "--key-label", "k", "--pin", SoftHsm.PIN));
        assertEquals(2, run("keygen", "--name", NAME, "--out", dir.toString(), "--pkcs11-library",
                SoftHsm.LIBRARY.toString(), "--token-label", token.label(), "--key-label", "k", "--pin-env", "UNSET"));
        assertTrue(err.toString().contains("environment variable UNSET (--pin-env) is not set"), err.toString());
        // A token named twice, or not at all.
        assertEquals(2, run("keygen", "--name", NAME, "--pkcs11-library", SoftHsm.LIBRARY.toString(),
                "--token-label", token.label(), "--slot", "0", "--key-label", "k", "--pin-env", "X"));
        assertEquals(2, run("keygen", "--name", NAME, "--pkcs11-library", SoftHsm.LIBRARY.toString(),
                "--key-label", "k", "--pin-env", "X"));
    }

    private List<Path> files() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var listing = Files.list(dir)) {
            listing.sorted().forEach(files::add);
        }
        return files;
    }

    private int run(String... args) {
        CommandLine cli = AuditSealCommand.commandLine();
        ((KeygenCommand) cli.getSubcommands().get("keygen").getCommand()).environment = environment::get;
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
