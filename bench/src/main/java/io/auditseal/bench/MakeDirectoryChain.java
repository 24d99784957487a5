package io.auditseal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.PutOptions;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a chain of realistic 1.5 KB audit events into a directory store, for the verifier benchmark:
 * {@code MakeDirectoryChain fixture dir records recordsPerSeal}. The verifier key goes to {@code dir/chain.vkey}.
 */
public final class MakeDirectoryChain {

    public static void main(String[] args) throws Exception {
        Path fixture = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        int total = Integer.parseInt(args[2]);
        int perSeal = Integer.parseInt(args[3]);
        ObjectMapper json = new ObjectMapper();
        JsonNode items = json.readTree(fixture.toFile()).get("items");
        ChainId chain = new ChainId("bench", "chain");
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(chain.defaultOrigin(), new byte[32]);
        SealAssembler assembler = new SealAssembler(chain, key, InstantSource.system());
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        ChainHead head = ChainHead.genesis();
        int written = 0;
        while (written < total) {
            List<CanonicalRecord> records = new ArrayList<>();
            for (int i = 0; i < perSeal && written < total; i++, written++) {
                ObjectNode event = (ObjectNode) items.get(1 + written % 3).deepCopy();
                event.put("auditID", UUID.randomUUID().toString());
                ObjectNode annotations = (ObjectNode) event.get("annotations");
                annotations.put("bench.auditseal.io/padding", "x".repeat(Math.max(0, 1500 - json.writeValueAsBytes(event).length - 30)));
                records.add(new CanonicalRecord(RecordCanonicalizer.canonicalize(json.writeValueAsBytes(event)), Instant.now()));
            }
            AssembledSeal seal = assembler.assemble(head, records);
            String prefix = SealLayout.chainPrefix(chain);
            store.put(prefix + SealLayout.eventsKey(seal.manifest().sequence()), seal.eventsObject(), PutOptions.events(null));
            store.put(prefix + SealLayout.manifestKey(seal.manifest().sequence()), seal.manifestBytes(), PutOptions.manifest(null));
            head = seal.next();
        }
        Files.writeString(dir.resolve("chain.vkey"), key.verifier().encode() + "\n");
        System.out.println("wrote " + written + " records in " + head.nextSequence() + " seals to " + dir.resolve("store"));
    }
}
