package io.auditseal.tlog.note;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Ed25519PrivateKeyTest {

    private static final HexFormat HEX = HexFormat.of();

    /** golang.org/x/mod/sumdb/note note_test.go: the PeterNeumann key pair. */
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    @Test
    void sign_rfc8032Vectors_produceThePublishedSignatures() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("rfc8032-ed25519.json")) {
            vectors = new ObjectMapper().readTree(in).get("vectors");
        }
        List<String> failures = new ArrayList<>();
        for (JsonNode v : vectors) {
            String desc = v.get("desc").asText();
            byte[] message = HEX.parseHex(v.get("message").asText());
            byte[] signature = HEX.parseHex(v.get("signature").asText());
            Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed("rfc8032", HEX.parseHex(v.get("secretKey").asText()));
            if (!HEX.formatHex(signer.verifier().publicKey()).equals(v.get("publicKey").asText())) {
                failures.add(desc + ": public key");
            }
            if (!Arrays.equals(signer.sign(message), signature)) {
                failures.add(desc + ": signature");
            }
            try {
                signer.verifier().verify(message, signature);
            } catch (InvalidSignatureException e) {
                failures.add(desc + ": published signature rejected");
            }
            byte[] flipped = signature.clone();
            flipped[0] ^= 1;
            if (verifies(signer.verifier(), message, flipped)) {
                failures.add(desc + ": flipped signature accepted");
            }
            byte[] longer = Arrays.copyOf(message, message.length + 1);
            if (verifies(signer.verifier(), longer, signature)) {
                failures.add(desc + ": signature accepted for another message");
            }
        }
        assertEquals(5, vectors.size());
        assertEquals(List.of(), failures);
    }

    @Test
    void parse_goSumdbKeys_roundTripAndMatch() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.parse(PETER_SKEY);
        assertEquals("PeterNeumann", signer.name());
        assertEquals(0xc74f20a3, signer.keyId());
        assertEquals(PETER_SKEY, signer.encode());
        assertEquals(PETER_VKEY, signer.verifier().encode());
        assertEquals(PETER_VKEY, NoteVerifier.parse(PETER_VKEY).encode());
    }

    @Test
    void fromSeed_zeroSeed_isGoExampleEnochRoot() throws Exception {
        // example_test.go generates EnochRoot from an all-zero random source.
        Ed25519PrivateKey enoch = Ed25519PrivateKey.fromSeed("EnochRoot", new byte[32]);
        assertEquals(ENOCH_VKEY, enoch.verifier().encode());
    }

    @Test
    void parse_damagedVerifierKeys_throw() {
        List<String> accepted = new ArrayList<>();
        List<String> bad = new ArrayList<>(List.of(
                // note_test.go TestNewVerifier: wrong key length, unknown algorithm (key IDs adjusted to match).
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+extra"));
        for (int end = 0; end < PETER_VKEY.length(); end++) {
            bad.add(PETER_VKEY.substring(0, end));
        }
        for (int i = 0; i < PETER_VKEY.length(); i++) {
            char[] chars = PETER_VKEY.toCharArray();
            chars[i]++;
            bad.add(new String(chars));
        }
        for (String vkey : bad) {
            try {
                NoteVerifier.parse(vkey);
                accepted.add(vkey);
            } catch (MalformedNoteException expected) {
                // rejected, as it must be
            }
        }
        assertEquals(List.of(), accepted);
    }

    @Test
    void parse_damagedPrivateKeys_throw() {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < PETER_SKEY.length(); i++) {
            char[] chars = PETER_SKEY.toCharArray();
            chars[i]++;
            try {
                Ed25519PrivateKey.parse(new String(chars));
                accepted.add("char " + i);
            } catch (MalformedNoteException expected) {
                // rejected, as it must be
            }
        }
        assertEquals(List.of(), accepted);
    }

    @Test
    void generate_newKey_signsAndVerifies() throws Exception {
        Ed25519PrivateKey signer = Ed25519PrivateKey.generate("auditseal/prod/cluster-a", new SecureRandom());
        byte[] signature = signer.sign("hi".getBytes());
        signer.verifier().verify("hi".getBytes(), signature);
        Ed25519PrivateKey reparsed = Ed25519PrivateKey.parse(signer.encode());
        assertEquals(signer.verifier().encode(), reparsed.verifier().encode());
        assertThrows(InvalidSignatureException.class, () -> signer.verifier().verify("ho".getBytes(), signature));
    }

    @Test
    void generate_invalidName_throws() {
        for (String name : List.of("", "a b", "a+b", "tab\there", "nbsp\u00a0here")) {
            assertThrows(MalformedNoteException.class, () -> Ed25519PrivateKey.generate(name, new SecureRandom()), name);
        }
    }

    private static boolean verifies(NoteVerifier verifier, byte[] message, byte[] signature) {
        try {
            verifier.verify(message, signature);
            return true;
        } catch (InvalidSignatureException e) {
            return false;
        }
    }
}
