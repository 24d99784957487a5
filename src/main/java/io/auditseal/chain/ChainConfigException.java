package io.auditseal.chain;

/** Chain configuration that cannot be used; the message names the file, resource and field. */
public final class ChainConfigException extends Exception {

    public ChainConfigException(String message) {
        super(message);
    }

    public ChainConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
