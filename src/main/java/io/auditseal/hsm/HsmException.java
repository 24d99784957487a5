package io.auditseal.hsm;

/**
 * A PKCS#11 library, token or key that cannot be used as configured. The message names the library, the token and
 * the key label, and what was found instead.
 */
public final class HsmException extends Exception {

    public HsmException(String message) {
        super(message);
    }

    public HsmException(String message, Throwable cause) {
        super(message, cause);
    }
}
