package io.auditseal.verify;

/** A seal that fails verification, with the reason code and a message naming the numbers involved. */
public final class SealVerificationException extends Exception {

    private final long sequence;
    private final FailureReason reason;

    public SealVerificationException(long sequence, FailureReason reason, String message) {
        super("seal " + sequence + ": " + reason + ": " + message);
        this.sequence = sequence;
        this.reason = reason;
    }

    public long sequence() {
        return sequence;
    }

    public FailureReason reason() {
        return reason;
    }
}
