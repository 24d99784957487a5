package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.StaticLogger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One initialised module per PKCS#11 library and process, for the life of the process. PKCS#11 allows
 * C_Initialize once per library per process (a second call fails with CKR_CRYPTOKI_ALREADY_INITIALIZED), so every
 * signer and every token of a library shares it. C_Finalize is never called: a library may be used again by the
 * next chain that names it, and its handles die with the process.
 */
final class Pkcs11Modules {

    static {
        // Before the wrapper's first class loads: its default log writes to standard output.
        StaticLogger.setLogger(new WrapperLog());
    }

    /** By the library's real path, so that two names of one file share one module. Guarded by the class. */
    private static final Map<Path, PKCS11Module> MODULES = new HashMap<>();

    private Pkcs11Modules() {
    }

    /** The initialised module of {@code library}, loading it on first use. */
    static synchronized PKCS11Module get(Path library) throws HsmException {
        Path real;
        try {
            real = library.toRealPath();
        } catch (IOException e) {
            throw new HsmException("PKCS#11 library " + library + " cannot be read: " + e.getMessage(), e);
        }
        PKCS11Module module = MODULES.get(real);
        if (module != null) {
            return module;
        }
        try {
            module = PKCS11Module.getInstance(real.toString());
        } catch (IOException e) {
            throw new HsmException("PKCS#11 library " + library + " cannot be loaded: " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
            // The wrapper's own JNI library is unpacked into java.io.tmpdir and loaded from there.
            throw new HsmException("the PKCS#11 wrapper's JNI library could not be loaded from java.io.tmpdir ("
                    + System.getProperty("java.io.tmpdir") + "), needed for PKCS#11 library " + library + ": "
                    + e.getMessage() + ". The directory must be writable and not mounted noexec", e);
        }
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            // Initialised already by other code of this process (not through this class): usable all the same.
            if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new HsmException("PKCS#11 library " + library + " failed C_Initialize: " + e.getErrorName()
                        + " (for SoftHSM: is SOFTHSM2_CONF set to a readable configuration?)", e);
            }
        }
        MODULES.put(real, module);
        return module;
    }
}
