package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * SoftHSM2 for the tests: a new token for each test class that asks, in a token directory made empty once per test
 * JVM. SoftHSM reads its configuration ({@code SOFTHSM2_CONF}, which the surefire configuration in pom.xml points
 * into target/) and scans its token directory once, at C_Initialize, which a process may call once: tokens that
 * softhsm2-util makes afterwards are not seen. So each token here is made inside the process, with C_InitToken on
 * SoftHSM's free slot, through the one module the signers use. {@code scripts/softhsm.sh setup} installs SoftHSM
 * with apt when its library is missing (CI runs as root on a fresh machine) and writes the configuration; set
 * SOFTHSM_LIB to use a copy installed elsewhere.
 */
public final class SoftHsm {

    public static final Path LIBRARY = Path.of(System.getenv().getOrDefault("SOFTHSM_LIB",
            "/usr/lib/softhsm/libsofthsm2.so"));
    /** The user PIN of every test token. */
    public static final String PIN = "test-pin-4321";
    private static final char[] SO_PIN = "test-so-pin-8765".toCharArray();

    /**
     * Set once the token directory is ready. A system property, not a field: @QuarkusTest classes load this class
     * again in their own class loader, and a second setup would empty the directory under the tokens in use.
     */
    private static final String READY = "io.auditseal.hsm.SoftHsm.ready";

    private SoftHsm() {
    }

    /** A token of the tests: its label, and configurations for its keys. */
    public record Token(String label) {

        public TokenSelector selector() {
            return new TokenSelector.Label(label);
        }

        /** The key labelled {@code keyLabel} on this token, with the right PIN. */
        public Pkcs11Config config(String keyLabel) {
            return new Pkcs11Config(LIBRARY, selector(), keyLabel, PIN.toCharArray());
        }
    }

    /** A new, empty token with user PIN {@link #PIN}. */
    public static Token newToken() throws Exception {
        // One lock for every class loader of the test JVM, as the free slot is one.
        synchronized (System.getProperties()) {
            return makeToken();
        }
    }

    private static Token makeToken() throws Exception {
        setUp();
        PKCS11Module module = Pkcs11Modules.get(LIBRARY);
        Slot free = null;
        for (Slot slot : module.getSlotList(true)) {
            if (!slot.getToken().getTokenInfo().isTokenInitialized()) {
                free = slot;
            }
        }
        if (free == null) {
            throw new IllegalStateException("SoftHSM offers no free slot");
        }
        // Unique across class loaders, which count separately: at most 32 characters.
        String label = "t-" + UUID.randomUUID().toString().substring(0, 13);
        // CK_TOKEN_INFO.label: 32 characters, padded with spaces.
        module.getPKCS11Module().C_InitToken(free.getSlotID(), SO_PIN, String.format("%-32s", label).toCharArray(), true);
        Slot token = TokenSlots.find(module, LIBRARY, new TokenSelector.Label(label)).slot();
        Session session = token.getToken().openSession(true);
        try {
            session.login(PKCS11Constants.CKU_SO, SO_PIN);
            session.initPIN(PIN.toCharArray());
        } finally {
            // The process's last session of the token: closing it logs the security officer out.
            session.closeSession();
        }
        return new Token(label);
    }

    private static void setUp() throws IOException, InterruptedException {
        if (System.getProperty(READY) != null) {
            return;
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven, whose surefire "
                    + "configuration sets it, or export SOFTHSM2_CONF=$PWD/target/softhsm/softhsm2.conf");
        }
        Process process = new ProcessBuilder("bash", "scripts/softhsm.sh", "setup", conf).redirectErrorStream(true).start();
        // Read to the end, which comes when the script exits (an apt install included).
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("scripts/softhsm.sh setup " + conf + " failed: " + output);
        }
        System.setProperty(READY, conf);
    }
}
