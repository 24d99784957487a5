package io.auditseal.tlog.proof;

/** A proof that does not prove what it claims: malformed for its sizes, or leading to a different root. */
public class InvalidProofException extends Exception {

    public InvalidProofException(String message) {
        super(message);
    }
}
