package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.PKCS11Token;
import org.xipki.pkcs11.wrapper.TokenException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logged-in session pools of the tokens this process uses, shared by all their users and closed with the last one.
 * PKCS#11 keeps one login state per token and process: once a session is logged in, C_Login on any other session of
 * the token answers CKR_USER_ALREADY_LOGGED_IN without looking at the PIN (and the wrapper takes that as success).
 * So a chain naming a wrong PIN would sign with a token another chain logged in to; this class compares the PIN
 * itself (as a SHA-256, in constant time) and refuses another one while the token is logged in.
 */
final class TokenLogins {

    /** One token of one library: slot IDs are the library's own numbers. */
    private record Key(PKCS11Module module, long slotId) {
    }

    /** A logged-in token: the PIN it was logged in with, its session pools, and how many leases use them. */
    private static final class Login {
        final byte[] pinSha256;
        PKCS11Token readOnly;
        PKCS11Token readWrite;
        int leases;

        Login(byte[] pinSha256) {
            this.pinSha256 = pinSha256;
        }
    }

    /** Guarded by the class, like {@link #REFUSED}. */
    private static final Map<Key, Login> LOGINS = new HashMap<>();
    /**
     * PINs a token refused, by token: never sent to it again by this process. A chain with a wrong PIN Secret is
     * retried at every reconcile, and hardware tokens lock their user PIN after a few wrong ones.
     */
    private static final Map<Key, List<byte[]>> REFUSED = new HashMap<>();

    private TokenLogins() {
    }

    /** A use of a logged-in token; closing it logs out and closes the sessions once no lease is left. */
    static final class Lease implements AutoCloseable {
        private final Key key;
        private final PKCS11Token token;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Key key, PKCS11Token token) {
            this.key = key;
            this.token = token;
        }

        /** The token's session pool; safe to use from several threads. */
        PKCS11Token token() {
            return token;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(key);
            }
        }
    }

    /**
     * A lease of {@code token} logged in as the user with {@code pin}, read-only sessions unless {@code readWrite}
     * (key generation).
     *
     * @param where the token for messages: {@code token "t" of PKCS#11 library /x.so}
     */
    static synchronized Lease acquire(PKCS11Module module, TokenSlots.Found token, String where, char[] pin,
                                      boolean readWrite) throws HsmException {
        Key key = new Key(module, token.slot().getSlotID());
        byte[] digest = sha256(pin);
        for (byte[] refused : REFUSED.getOrDefault(key, List.of())) {
            if (MessageDigest.isEqual(refused, digest)) {
                throw new HsmException(where + " refused this PIN before; it is not sent again, so that retries "
                        + "cannot lock the token's PIN. Correct the PIN (a restart of the sink forgets refused PINs)");
            }
        }
        Login login = LOGINS.get(key);
        if (login != null && !MessageDigest.isEqual(login.pinSha256, digest)) {
            throw new HsmException(where + " is logged in by this process with another PIN: PKCS#11 logs a process in "
                    + "to a token once, so everything here that uses the token must give the same PIN");
        }
        Login using = login != null ? login : new Login(digest);
        PKCS11Token sessions = readWrite ? using.readWrite : using.readOnly;
        if (sessions == null) {
            try {
                // The wrapper keeps the PIN array to log in again when a session lost its login: give it a copy.
                sessions = new PKCS11Token(token.slot().getToken(), !readWrite, pin.clone());
            } catch (TokenException e) {
                long code = Pkcs11Errors.code(e);
                if (code == PKCS11Constants.CKR_PIN_INCORRECT || code == PKCS11Constants.CKR_PIN_INVALID
                        || code == PKCS11Constants.CKR_PIN_LEN_RANGE) {
                    REFUSED.computeIfAbsent(key, k -> new ArrayList<>()).add(digest);
                }
                throw new HsmException(where + " refused the login: " + Pkcs11Errors.describe(e), e);
            }
            if (readWrite) {
                using.readWrite = sessions;
            } else {
                using.readOnly = sessions;
            }
        }
        using.leases++;
        LOGINS.put(key, using);
        return new Lease(key, sessions);
    }

    private static synchronized void release(Key key) {
        Login login = LOGINS.get(key);
        if (login == null || --login.leases > 0) {
            return;
        }
        LOGINS.remove(key);
        // Closing a process's last session of a token logs it out (PKCS#11 C_CloseSession).
        for (PKCS11Token sessions : new PKCS11Token[] {login.readOnly, login.readWrite}) {
            if (sessions != null) {
                sessions.closeAllSessions();
            }
        }
    }

    private static byte[] sha256(char[] pin) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(bytes.duplicate());
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        } finally {
            if (bytes.hasArray()) {
                java.util.Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
