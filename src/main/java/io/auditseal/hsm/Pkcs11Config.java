package io.auditseal.hsm;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a PKCS#11 signing key is and how to log in to its token: the library (an absolute path), the token, the
 * label of the key pair, and the user PIN. The PIN is copied in and out, and never printed.
 */
public final class Pkcs11Config {

    private final Path library;
    private final TokenSelector token;
    private final String keyLabel;
    private final char[] pin;

    public Pkcs11Config(Path library, TokenSelector token, String keyLabel, char[] pin) {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyLabel, "keyLabel");
        Objects.requireNonNull(pin, "pin");
        if (!library.isAbsolute()) {
            throw new IllegalArgumentException("PKCS#11 library " + library + " is not an absolute path");
        }
        if (keyLabel.isBlank()) {
            throw new IllegalArgumentException("the key label is blank");
        }
        this.library = library.normalize();
        this.token = token;
        this.keyLabel = keyLabel;
        this.pin = pin.clone();
    }

    /**
     * A PIN from the bytes of a file or Secret: UTF-8, without the line break(s) a file written by {@code echo}
     * ends in, which are not part of the PIN. The caller should clear {@code utf8} afterwards.
     *
     * @throws IllegalArgumentException if the bytes are not UTF-8 or the PIN is empty
     */
    public static char[] pin(byte[] utf8) {
        int end = utf8.length;
        while (end > 0 && (utf8[end - 1] == '\n' || utf8[end - 1] == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("the PIN is empty");
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8, 0, end));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the PIN is not UTF-8 text");
        }
        char[] pin = new char[chars.remaining()];
        chars.get(pin);
        if (chars.hasArray()) {
            // Clear the decoder's copy: the PIN should live in as few places as it can.
            Arrays.fill(chars.array(), '\0');
        }
        return pin;
    }

    public Path library() {
        return library;
    }

    public TokenSelector token() {
        return token;
    }

    public String keyLabel() {
        return keyLabel;
    }

    /** A copy of the PIN; the caller may clear it. */
    public char[] pin() {
        return pin.clone();
    }

    /** The key, its token and library, for messages: {@code key "k" on token "t" of PKCS#11 library /x.so}. */
    public String describe() {
        return "key \"" + keyLabel + "\" on " + token.describe() + " of PKCS#11 library " + library;
    }

    @Override
    public String toString() {
        return "Pkcs11Config[" + describe() + "]";
    }
}
