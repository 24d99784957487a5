package io.auditseal.hsm;

/**
 * What the token says about a private key's protection: whether it may ever be read out (CKA_SENSITIVE,
 * CKA_EXTRACTABLE), and whether it always was so and was made in the token (CKA_ALWAYS_SENSITIVE,
 * CKA_NEVER_EXTRACTABLE, CKA_LOCAL). A key restored from another HSM's backup is sensitive and not extractable, but
 * neither "always" nor local; a key generated in the token by {@code auditseal keygen} is all five.
 */
public record KeyProtection(boolean sensitive, boolean extractable, boolean alwaysSensitive, boolean neverExtractable,
                            boolean local) {

    /** Whether the key can leave the token in clear: refused for signing. */
    public boolean exportable() {
        return !sensitive || extractable;
    }

    /** Whether the token vouches that the key was generated in it and never was readable. */
    public boolean neverLeftTheToken() {
        return local && alwaysSensitive && neverExtractable && !exportable();
    }

    @Override
    public String toString() {
        return "CKA_SENSITIVE=" + sensitive + ", CKA_EXTRACTABLE=" + extractable + ", CKA_ALWAYS_SENSITIVE="
                + alwaysSensitive + ", CKA_NEVER_EXTRACTABLE=" + neverExtractable + ", CKA_LOCAL=" + local;
    }
}
