package io.auditseal.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SealLayoutTest {

    private final ChainId chain = new ChainId("prod", "cluster-a");

    @Test
    void keys_followTheDocumentedLayout() {
        assertEquals("prod/cluster-a/", SealLayout.chainPrefix(chain));
        assertEquals("seals/00000000000000000007/events.jsonl.gz", SealLayout.eventsKey(7));
        assertEquals("seals/00000000000000000007/manifest.json", SealLayout.manifestKey(7));
        assertEquals("prod/cluster-a/seals/09223372036854775807/manifest.json",
                SealLayout.objectKey(chain, SealLayout.manifestKey(Long.MAX_VALUE)));
    }

    @Test
    void sequenceOfManifestKey_readsBackOnlyManifestKeys() {
        assertEquals(7, SealLayout.sequenceOfManifestKey("prod/cluster-a/seals/00000000000000000007/manifest.json"));
        assertEquals(7, SealLayout.sequenceOfManifestKey("seals/00000000000000000007/manifest.json"));
        assertEquals(-1, SealLayout.sequenceOfManifestKey("prod/cluster-a/seals/00000000000000000007/events.jsonl.gz"));
        assertEquals(-1, SealLayout.sequenceOfManifestKey("prod/cluster-a/seals/7/manifest.json"));
        assertEquals(-1, SealLayout.sequenceOfManifestKey("prod/cluster-a/other/00000000000000000007/manifest.json"));
        assertEquals(-1, SealLayout.sequenceOfManifestKey("seals/99999999999999999999/manifest.json"));
    }

    @Test
    void eventsKeys_ofLaterAttempts_areNumberedAndReadBack_andNothingElseIs() {
        assertEquals(SealLayout.eventsKey(7), SealLayout.eventsKey(7, 0));
        assertEquals("seals/00000000000000000007/events.1.jsonl.gz", SealLayout.eventsKey(7, 1));
        assertEquals("seals/00000000000000000007/events.9999.jsonl.gz", SealLayout.eventsKey(7, SealLayout.MAX_EVENTS_ATTEMPT));
        assertThrows(IllegalArgumentException.class, () -> SealLayout.eventsKey(7, SealLayout.MAX_EVENTS_ATTEMPT + 1));
        assertEquals(0, SealLayout.attemptOfEventsKey(7, SealLayout.eventsKey(7)));
        assertEquals(12, SealLayout.attemptOfEventsKey(7, SealLayout.eventsKey(7, 12)));
        for (String other : new String[] {SealLayout.eventsKey(8), SealLayout.manifestKey(7),
                "seals/00000000000000000007/events.0.jsonl.gz", "seals/00000000000000000007/events.01.jsonl.gz",
                "seals/00000000000000000007/events.10000.jsonl.gz", "seals/00000000000000000007/events.-1.jsonl.gz",
                "seals/00000000000000000007/sub/events.jsonl.gz", "prod/cluster-a/" + SealLayout.eventsKey(7)}) {
            assertEquals(-1, SealLayout.attemptOfEventsKey(7, other), other);
        }
    }

    @Test
    void chainId_invalidNames_throw() {
        for (String bad : new String[] {"", "A", "-a", "a-", "a/b", "a.b", "a".repeat(64), "..", "a_b"}) {
            assertThrows(IllegalArgumentException.class, () -> new ChainId("prod", bad), bad);
            assertThrows(IllegalArgumentException.class, () -> new ChainId(bad, "chain"), bad);
        }
        assertEquals(new ChainId("prod", "a"), ChainId.parse("prod/a"));
        assertEquals("auditseal/prod/a", ChainId.parse("prod/a").defaultOrigin());
    }
}
