package io.auditseal.store;

/** A store operation failed; the message names the key. {@link #retryable()} says whether to try again later. */
public class StoreException extends Exception {

    private final boolean retryable;

    public StoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
