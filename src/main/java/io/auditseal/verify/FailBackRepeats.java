package io.auditseal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.Bytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Passes records on and counts the records a fail-back sealed twice: a {@code JournalRebased} record lists, in
 * {@code alreadySealed}, the leaf hashes of records that the re-based journal and another writer both sealed
 * (docs/FORMAT.md). Every record is still committed to, so this is a notice, not a failure; a reader counts each
 * listed record once.
 */
final class FailBackRepeats implements RecordSink {

    // Scanned for in every record verified: a needle that starts with a byte rare in JSON ('J', not '"') is skipped
    // past quickly; the parse below decides.
    private static final byte[] KIND = "JournalRebased".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordSink next;
    private long listed;

    FailBackRepeats(RecordSink next) {
        this.next = next;
    }

    @Override
    public void accept(long index, byte[] record) {
        if (Bytes.contains(record, KIND)) {
            try {
                JsonNode tree = JSON.readTree(record);
                if ("JournalRebased".equals(tree.path("kind").asText())) {
                    listed += tree.path("alreadySealed").size();
                }
            } catch (IOException e) {
                // A record the chain commits to need not be JSON we can read: nothing to count.
            }
        }
        next.accept(index, record);
    }

    @Override
    public void sealVerified(long sequence) {
        next.sealVerified(sequence);
    }

    /** The notice for the repeated records seen, if any. */
    Optional<String> notice() {
        return listed == 0 ? Optional.empty() : Optional.of(listed + (listed == 1 ? " record was" : " records were")
                + " sealed twice after a fail-back (listed in a JournalRebased record's alreadySealed; count each once)");
    }
}
