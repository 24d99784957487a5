package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Timestamps;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The record a sealer journals when it starts with no state for its chain while storage already holds the chain's
 * seals: this journal is new to the chain (a new volume, a lost disk, another replica taking over). Whatever an
 * earlier journal acknowledged and did not seal is not in the chain before this point; the record puts that fact,
 * when it was noticed and the head the chain continued from, into the chain itself, signed with the next seal.
 *
 * <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"JournalStartedFromStorage","chain":"ns/name",
 *  "receivedAt":"...","continuedFrom":{"sequence":4,"treeSize":1200,"manifestSha256":"..."}}</pre>
 * ({@code sequence} is the newest stored seal's; docs/FORMAT.md.)
 */
final class JournalStartRecord {

    static final String KIND = "JournalStartedFromStorage";

    private JournalStartRecord() {
    }

    /** The entry for a journal that starts after {@code head}, the newest stored seal's head, noticed at {@code now}. */
    static JournalEntry entry(ChainId chain, ChainHead head, Instant now) {
        // Every value is a chain id (DNS labels and one slash), a timestamp, a number or hex: nothing to escape.
        String json = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"" + KIND + "\",\"chain\":\"" + chain
                + "\",\"receivedAt\":\"" + Timestamps.format(now) + "\",\"continuedFrom\":{\"sequence\":"
                + (head.nextSequence() - 1) + ",\"treeSize\":" + head.treeSize() + ",\"manifestSha256\":\""
                + head.lastManifestSha256() + "\"}}";
        // Keyed by the head continued from: a start that crashes before its state is kept and starts again records
        // the same head again, at another time (a collision, sealed too: both starts happened).
        return new JournalEntry(new DedupeKey("journal-start:" + head.lastManifestSha256(), KIND),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
