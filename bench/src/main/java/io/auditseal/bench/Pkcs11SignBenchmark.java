package io.auditseal.bench;

import io.auditseal.hsm.HsmException;
import io.auditseal.hsm.Pkcs11Config;
import io.auditseal.hsm.Pkcs11Keygen;
import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.hsm.TokenSelector;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.InvalidSignatureException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One checkpoint signature (the only signature a seal needs) made three ways, on one thread: Bouncy Castle with the
 * key in memory, a PKCS#11 token through {@code Pkcs11Signer} (the token's C_Sign plus the check of its signature
 * with the public key, as the sealer pays it), and that check alone. bench/pkcs11.sh makes a throwaway SoftHSM2
 * token and passes it in BENCH_PKCS11_LIBRARY, BENCH_PKCS11_TOKEN and BENCH_PKCS11_PIN.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(2)
@Threads(1)
public class Pkcs11SignBenchmark {

    private static final String NAME = "auditseal/bench/bench";

    @State(Scope.Benchmark)
    public static class Keys {
        Ed25519PrivateKey memory;
        Pkcs11Signer token;
        /** A checkpoint body as a seal signs it: origin, tree size, root hash. */
        byte[] checkpoint;
        byte[] memorySignature;

        @Setup
        public void setup() throws Exception {
            memory = Ed25519PrivateKey.fromSeed(NAME, new byte[32]);
            Pkcs11Config config = new Pkcs11Config(Path.of(env("BENCH_PKCS11_LIBRARY")),
                    new TokenSelector.Label(env("BENCH_PKCS11_TOKEN")), "bench", env("BENCH_PKCS11_PIN").toCharArray());
            try {
                token = Pkcs11Signer.open(config, NAME);
            } catch (HsmException absent) {
                // The first fork makes the key; the next ones find it.
                token = Pkcs11Keygen.generate(config, NAME);
            }
            checkpoint = new Checkpoint(NAME, 21_553_000, new byte[32]).format().getBytes(StandardCharsets.UTF_8);
            memorySignature = memory.sign(checkpoint);
        }

        @TearDown
        public void close() {
            token.close();
        }

        private static String env(String name) {
            String value = System.getenv(name);
            if (value == null) {
                throw new IllegalStateException(name + " is not set: run bench/pkcs11.sh");
            }
            return value;
        }
    }

    /** Bouncy Castle, key in memory (Ed25519PrivateKey): what a Secret-held key costs per seal. */
    @Benchmark
    public byte[] signInMemory(Keys keys) {
        return keys.memory.sign(keys.checkpoint);
    }

    /** The token signs and the signer verifies the result: what a PKCS#11 key costs per seal. */
    @Benchmark
    public byte[] signPkcs11(Keys keys) {
        return keys.token.sign(keys.checkpoint);
    }

    /** The verification inside signPkcs11, alone (Bouncy Castle). */
    @Benchmark
    public byte[] verifyInMemory(Keys keys) throws InvalidSignatureException {
        keys.memory.verifier().verify(keys.checkpoint, keys.memorySignature);
        return keys.memorySignature;
    }
}
