package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.TokenException;

/** PKCS#11 failures in words for messages: the CKR_ name the token returned, or the wrapper's message. */
final class Pkcs11Errors {

    private Pkcs11Errors() {
    }

    static String describe(TokenException e) {
        if (e instanceof PKCS11Exception p11) {
            return p11.getErrorName();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The CKR_ code of {@code e}, or -1 if it is no PKCS#11 return value. */
    static long code(TokenException e) {
        return e instanceof PKCS11Exception p11 ? p11.getErrorCode() : -1;
    }
}
