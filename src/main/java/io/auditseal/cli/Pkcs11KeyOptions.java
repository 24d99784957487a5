package io.auditseal.cli;

import io.auditseal.hsm.Pkcs11Config;
import io.auditseal.hsm.TokenSelector;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A key pair in a PKCS#11 token: library, token, key label and PIN. The PIN comes from a file or an environment
 * variable, never from an argument's value, which any user of the machine can read in the process list.
 */
final class Pkcs11KeyOptions {

    @Option(names = "--pkcs11-library", required = true, paramLabel = "PATH",
            description = "PKCS#11 library (absolute path), e.g. /usr/lib/softhsm/libsofthsm2.so.")
    Path library;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Token token;

    @Option(names = "--key-label", required = true, paramLabel = "LABEL",
            description = "Label (CKA_LABEL) of the key pair in the token.")
    String keyLabel;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Pin pin;

    static final class Token {
        @Option(names = "--token-label", paramLabel = "LABEL", description = "Label of the token.")
        String label;

        @Option(names = "--slot", paramLabel = "INDEX",
                description = "Index of the token's slot among the slots that hold a token, from 0.")
        Integer slot;
    }

    static final class Pin {
        @Option(names = "--pin-file", paramLabel = "FILE", description = "File holding the token's user PIN.")
        Path file;

        @Option(names = "--pin-env", paramLabel = "VAR",
                description = "Environment variable holding the token's user PIN.")
        String env;
    }

    /**
     * The key's configuration, with the PIN read now.
     *
     * @throws IllegalArgumentException for a relative library, an unset variable or an empty PIN
     */
    Pkcs11Config config(Function<String, String> environment) throws IOException {
        TokenSelector selector = token.label != null ? new TokenSelector.Label(token.label)
                : new TokenSelector.SlotIndex(token.slot);
        char[] value = readPin(environment);
        try {
            return new Pkcs11Config(library, selector, keyLabel, value);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private char[] readPin(Function<String, String> environment) throws IOException {
        if (pin.file != null) {
            byte[] bytes = Files.readAllBytes(pin.file);
            try {
                return Pkcs11Config.pin(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        String text = environment.apply(pin.env);
        if (text == null) {
            throw new IllegalArgumentException("environment variable " + pin.env + " (--pin-env) is not set");
        }
        return Pkcs11Config.pin(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
