package io.auditseal.tlog.note;

/** A signer that could not sign now, for example a hardware token that is unreachable; a later attempt may succeed. */
public final class SigningException extends RuntimeException {

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
