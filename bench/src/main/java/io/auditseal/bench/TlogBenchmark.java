package io.auditseal.bench;

import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.compact.NodeVisitor;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The transparency-log core on one thread: the sequencer's per-record cost (hash a 1 KiB leaf and append it to the
 * chain's compact range) and the per-seal cost of signing, and verifying, a checkpoint.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(2)
@Threads(1)
public class TlogBenchmark {

    /** Distinct 1 KiB leaves, cycled, so no hash is computed from data the CPU just saw in the same shape. */
    @State(Scope.Thread)
    public static class Leaves {
        static final int COUNT = 4096;
        final byte[][] leaves = new byte[COUNT][1024];
        CompactRange range;
        int next;

        @Setup
        public void setup() {
            Random random = new Random(1);
            for (byte[] leaf : leaves) {
                random.nextBytes(leaf);
            }
            range = CompactRange.empty(Rfc6962Hasher.SHA256);
        }
    }

    @State(Scope.Thread)
    public static class Signing {
        Ed25519PrivateKey signer;
        Checkpoint checkpoint;
        String note;
        long size = 1_000_000;

        @Setup
        public void setup() throws Exception {
            signer = Ed25519PrivateKey.fromSeed("auditseal/bench/chain", new byte[32]);
            checkpoint = new Checkpoint(signer.name(), size, new byte[32]);
            note = SignedCheckpoint.sign(checkpoint, signer);
        }
    }

    /** One record of the sequencer's hot path: leaf hash of 1 KiB plus the compact-range append. */
    @Benchmark
    public CompactRange leafHashAndAppend1KiB(Leaves state) {
        byte[] leaf = state.leaves[state.next++ & (Leaves.COUNT - 1)];
        state.range.append(Rfc6962Hasher.SHA256.hashLeaf(leaf), NodeVisitor.NONE);
        return state.range;
    }

    /** Just the leaf hash, to show what the append itself adds. */
    @Benchmark
    public byte[] leafHash1KiB(Leaves state) {
        return Rfc6962Hasher.SHA256.hashLeaf(state.leaves[state.next++ & (Leaves.COUNT - 1)]);
    }

    /** One seal's signature: format the checkpoint body and sign it as a note. */
    @Benchmark
    public String signCheckpoint(Signing state) throws Exception {
        return SignedCheckpoint.sign(new Checkpoint(state.signer.name(), state.size++, new byte[32]), state.signer);
    }

    /** What a verifier pays per seal for the signature. */
    @Benchmark
    public Checkpoint openCheckpoint(Signing state) throws Exception {
        return SignedCheckpoint.open(state.note, state.signer.verifier());
    }
}
