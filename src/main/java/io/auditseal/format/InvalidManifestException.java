package io.auditseal.format;

/** Manifest bytes that are not a well-formed, canonical SealManifest. The message names the field. */
public final class InvalidManifestException extends Exception {

    public InvalidManifestException(String message) {
        super(message);
    }
}
