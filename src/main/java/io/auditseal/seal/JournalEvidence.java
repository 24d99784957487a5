package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.Timestamps;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The records a sealer journals about its own journal, so that what happened to it is in the chain, signed with the
 * next seal (docs/FORMAT.md):
 * <ul>
 *   <li>{@code JournalStartedFromStorage}: it started with no state for the chain while storage held the chain's
 *       seals (a new volume, a lost disk, another replica taking over). Whatever an earlier journal acknowledged and
 *       did not seal is not in the chain before this point.
 *       <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"JournalStartedFromStorage","chain":"ns/name",
 *  "receivedAt":"...","continuedFrom":{"sequence":4,"treeSize":1200,"manifestSha256":"..."}}</pre></li>
 *   <li>{@code JournalRebased}: it started on a head that another writer had sealed past (fail-back), and its
 *       unsealed records now follow the newest stored seal instead; {@code alreadySealed} (only when there are
 *       any) lists the leaf hashes of those among them that the other writer's seals hold too, sealed twice.
 *       <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"JournalRebased","chain":"ns/name","receivedAt":"...",
 *  "from":{...},"onto":{...},"unsealedRecords":12,"alreadySealed":["&lt;sha256 hex&gt;"]}</pre></li>
 * </ul>
 * A head is written as the {@code sequence} of the seal it follows from, its {@code treeSize} and its
 * {@code manifestSha256}.
 */
final class JournalEvidence {

    static final String STARTED_FROM_STORAGE = "JournalStartedFromStorage";
    static final String REBASED = "JournalRebased";

    private JournalEvidence() {
    }

    /** A journal that starts after {@code head}, the newest stored seal's head, noticed at {@code now}. */
    static JournalEntry startedFromStorage(ChainId chain, ChainHead head, Instant now) {
        String json = prefix(STARTED_FROM_STORAGE, chain, now) + ",\"continuedFrom\":" + head(head) + "}";
        // Keyed by the head continued from: a start that crashes before its state is kept and starts again records
        // the same head again, at another time (a collision, sealed too: both starts happened).
        return entry("journal-start:" + head.lastManifestSha256(), STARTED_FROM_STORAGE, json);
    }

    /**
     * A journal whose {@code unsealed} records move from after {@code from} to after {@code onto}, of which those
     * whose leaf hashes are {@code alreadySealed} are in the seals between too.
     */
    static JournalEntry rebased(ChainId chain, ChainHead from, ChainHead onto, long unsealed, List<String> alreadySealed,
                                Instant now) {
        String json = prefix(REBASED, chain, now) + ",\"from\":" + head(from) + ",\"onto\":" + head(onto)
                + ",\"unsealedRecords\":" + unsealed + (alreadySealed.isEmpty() ? "" : ",\"alreadySealed\":"
                + alreadySealed.stream().map(hash -> "\"" + hash + "\"").collect(Collectors.joining(",", "[", "]")))
                + "}";
        return entry("journal-rebase:" + onto.lastManifestSha256(), REBASED, json);
    }

    // Every value is a chain id (DNS labels and one slash), a timestamp, a number or hex: nothing to escape.
    private static String prefix(String kind, ChainId chain, Instant now) {
        return "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"" + kind + "\",\"chain\":\"" + chain
                + "\",\"receivedAt\":\"" + Timestamps.format(now) + "\"";
    }

    private static String head(ChainHead head) {
        return "{\"sequence\":" + (head.nextSequence() - 1) + ",\"treeSize\":" + head.treeSize()
                + ",\"manifestSha256\":\"" + head.lastManifestSha256() + "\"}";
    }

    private static JournalEntry entry(String id, String stage, String json) {
        return new JournalEntry(new DedupeKey(id, stage), json.getBytes(StandardCharsets.UTF_8));
    }
}
