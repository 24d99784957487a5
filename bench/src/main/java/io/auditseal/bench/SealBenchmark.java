package io.auditseal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.verify.SealVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where sealing time goes, per record, on one thread: RFC 8785 canonicalisation of a 1.5 KB audit event, then
 * assembling a 10,000-record seal (leaf hashes, compact range, gzip, checkpoint signature, manifest), and
 * verifying it again as the verifier does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SealBenchmark {

    @State(Scope.Benchmark)
    public static class Records {
        @Param("10000")
        int count;
        @Param("src/test/resources/io/auditseal/ingest/apiserver-v1.23-eventlist-ns-configmap.json")
        String fixture;

        List<byte[]> raw = new ArrayList<>();
        List<CanonicalRecord> canonical = new ArrayList<>();
        SealAssembler assembler;
        SealVerifier verifier;
        AssembledSeal seal;
        int next;

        @Setup
        public void setup() throws Exception {
            ObjectMapper json = new ObjectMapper();
            JsonNode items = json.readTree(Path.of(fixture).toFile()).get("items");
            for (int i = 0; i < count; i++) {
                ObjectNode event = (ObjectNode) items.get(1 + i % 3).deepCopy();
                event.put("auditID", UUID.randomUUID().toString());
                ObjectNode annotations = (ObjectNode) event.get("annotations");
                annotations.put("bench.auditseal.io/padding", "x".repeat(Math.max(0, 1500 - json.writeValueAsBytes(event).length - 30)));
                byte[] bytes = json.writeValueAsBytes(event);
                raw.add(bytes);
                canonical.add(new CanonicalRecord(RecordCanonicalizer.canonicalize(bytes), Instant.EPOCH));
            }
            ChainId chain = new ChainId("bench", "chain");
            Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed(chain.defaultOrigin(), new byte[32]);
            assembler = new SealAssembler(chain, signer, InstantSource.fixed(Instant.EPOCH));
            verifier = new SealVerifier(chain, signer.verifier());
            seal = assembler.assemble(ChainHead.genesis(), canonical);
        }
    }

    /** One record's canonicalisation (ops/s = records/s). */
    @Benchmark
    public byte[] canonicalize1500B(Records records) throws Exception {
        return RecordCanonicalizer.canonicalize(records.raw.get(records.next++ % records.count));
    }

    /** One 10,000-record seal assembled from canonical records (multiply ops/s by 10,000 for records/s). */
    @Benchmark
    public AssembledSeal assembleSeal10k(Records records) {
        return records.assembler.assemble(ChainHead.genesis(), records.canonical);
    }

    /** One 10,000-record seal verified from its bytes, records re-canonicalised (x 10,000 for records/s). */
    @Benchmark
    public Object verifySeal10k(Records records) throws Exception {
        return records.verifier.verify(ChainHead.genesis(), records.seal.manifestBytes(), records.seal.eventsObject());
    }
}
