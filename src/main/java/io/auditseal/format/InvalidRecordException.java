package io.auditseal.format;

/** A record that is not JSON that RFC 8785 can canonicalise. */
public final class InvalidRecordException extends Exception {

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
