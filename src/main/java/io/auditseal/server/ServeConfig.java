package io.auditseal.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the {@code serve} process ({@code auditseal.*}); {@code serve}'s options set the common ones. */
@ConfigMapping(prefix = "auditseal")
public interface ServeConfig {

    /** Run without a Kubernetes API: chains come from YAML files in {@link #configDir()}. */
    @WithDefault("false")
    boolean standalone();

    /** Directory of AuditChain and Secret YAML files (standalone mode). */
    Optional<Path> configDir();

    /** Directory for the journal and other local state. */
    @WithDefault("data")
    Path dataDir();

    Journal journal();

    Pkcs11 pkcs11();

    /** Checkpoint keys in PKCS#11 tokens (AuditChain spec.signer.pkcs11). */
    interface Pkcs11 {
        /**
         * The PKCS#11 libraries an AuditChain may name, as absolute paths; none by default. Loading a library runs
         * its code in the sink, so the administrator of the sink chooses them, not whoever may write an AuditChain.
         */
        Optional<List<Path>> libraries();
    }

    interface Journal {
        /** Unsealed bytes the journal may hold before ingest answers 429. */
        @WithDefault("2147483648")
        long capBytes();

        /** Unsealed bytes one chain may hold before its ingest answers 429; default three quarters of capBytes. */
        java.util.OptionalLong chainCapBytes();

        /** How long an (auditID, stage) is remembered to drop retried duplicates. */
        @WithDefault("24h")
        Duration dedupeWindow();

        /**
         * How long start-up waits for another process to let go of the journal directory: the previous pod of the
         * same volume may still be shutting down (a deleted pod's replacement starts at once). Longer than the
         * chart's termination grace period (45 s).
         */
        @WithDefault("90s")
        Duration lockWait();
    }
}
