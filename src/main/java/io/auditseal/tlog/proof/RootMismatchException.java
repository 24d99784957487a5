package io.auditseal.tlog.proof;

import java.util.HexFormat;

/** A well-formed proof that leads to a root other than the trusted one. */
public final class RootMismatchException extends InvalidProofException {

    private final byte[] expectedRoot;
    private final byte[] calculatedRoot;

    public RootMismatchException(String what, byte[] expectedRoot, byte[] calculatedRoot) {
        super(what + ": calculated root " + HexFormat.of().formatHex(calculatedRoot)
                + ", want " + HexFormat.of().formatHex(expectedRoot));
        this.expectedRoot = expectedRoot.clone();
        this.calculatedRoot = calculatedRoot.clone();
    }

    public byte[] expectedRoot() {
        return expectedRoot.clone();
    }

    public byte[] calculatedRoot() {
        return calculatedRoot.clone();
    }
}
