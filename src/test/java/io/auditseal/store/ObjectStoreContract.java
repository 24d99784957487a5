package io.auditseal.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ObjectStore} contract, for every implementation: a test class extends this and says how to make a
 * fresh, empty store and whether it locks objects (Object Lock). Retention periods stay short (under a day).
 */
public abstract class ObjectStoreContract {

    /** A new store holding no objects. */
    protected abstract ObjectStore newStore() throws Exception;

    /** Whether the store applies Object Lock retention (and so keeps versions). */
    protected abstract boolean locks();

    /** 20 hours ahead, whole seconds: short, and distinct from a one-day bucket default rule. */
    protected static Instant retainUntil() {
        return Instant.now().plus(Duration.ofHours(20)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** What callers pass: COMPLIANCE retention on a store that locks, none on one that cannot. */
    protected PutOptions options() {
        return PutOptions.manifest(locks() ? PutOptions.lockedUntil(RetentionMode.COMPLIANCE, retainUntil()) : null);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void put_thenGet_returnsSameBytesAndVersionId() throws Exception {
        ObjectStore store = newStore();

        StoredObject put = store.put("seals/0001/manifest.json", bytes("{\"n\":1}"), options());
        Optional<StoredObject> got = store.get("seals/0001/manifest.json");

        assertEquals("seals/0001/manifest.json", put.key());
        assertArrayEquals(bytes("{\"n\":1}"), put.data());
        assertTrue(got.isPresent());
        assertEquals("seals/0001/manifest.json", got.get().key());
        assertArrayEquals(bytes("{\"n\":1}"), got.get().data());
        assertEquals(put.versionId(), got.get().versionId());
        if (locks()) {
            assertNotNull(put.versionId(), "a locking store is versioned: a put names the version it created");
        } else {
            assertNull(put.versionId());
        }
    }

    @Test
    void versions_onePut_isExactlyThatVersion() throws Exception {
        ObjectStore store = newStore();
        assertEquals(List.of(), store.versions("seals/0002/manifest.json"));

        StoredObject put = store.put("seals/0002/manifest.json", bytes("{\"n\":2}"), options());

        assertEquals(java.util.Collections.singletonList(put.versionId()), store.versions("seals/0002/manifest.json"));
    }

    @Test
    void put_emptyObject_roundTrips() throws Exception {
        ObjectStore store = newStore();

        store.put("empty", new byte[0], options());

        assertArrayEquals(new byte[0], store.get("empty").orElseThrow().data());
    }

    @Test
    void get_missingKey_returnsEmpty() throws Exception {
        ObjectStore store = newStore();
        store.put("a/present", bytes("x"), options());

        assertEquals(Optional.empty(), store.get("a/missing"));
        assertEquals(Optional.empty(), store.get("b/missing"));
    }

    @Test
    void list_withPrefix_returnsSortedKeysUnderThePrefixOnly() throws Exception {
        ObjectStore store = newStore();
        for (String key : List.of("b/2", "a/2", "a/10", "a/1", "ab/1", "c")) {
            store.put(key, bytes(key), options());
        }

        assertEquals(List.of("a/1", "a/10", "a/2"), store.list("a/"));
        assertEquals(List.of("a/1", "a/10", "a/2", "ab/1"), store.list("a"));
        assertEquals(List.of("a/1", "a/10", "a/2", "ab/1", "b/2", "c"), store.list(""));
        assertEquals(List.of(), store.list("zzz/"));
    }

    @Test
    void list_emptyStore_returnsNothing() throws Exception {
        assertEquals(List.of(), newStore().list(""));
    }

    @Test
    void put_existingKeyWithOtherBytes_isRefusedForGoodAndKeepsTheFirst() throws Exception {
        ObjectStore store = newStore();
        StoredObject first = store.put("seals/0001/events.json.gz", bytes("first"), options());

        ObjectExistsException refused = assertThrows(ObjectExistsException.class,
                () -> store.put("seals/0001/events.json.gz", bytes("second"), options()));

        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().contains("seals/0001/events.json.gz"), refused.getMessage());
        assertArrayEquals(bytes("first"), store.get("seals/0001/events.json.gz").orElseThrow().data());
        assertEquals(Collections.singletonList(first.versionId()), store.versions("seals/0001/events.json.gz"));
    }

    @Test
    void put_existingKeyWithTheSameBytes_returnsTheObjectThereAndAddsNoVersion() throws Exception {
        ObjectStore store = newStore();
        StoredObject first = store.put("seals/0001/manifest.json", bytes("same"), options());

        StoredObject again = store.put("seals/0001/manifest.json", bytes("same"), options());

        assertEquals(first.versionId(), again.versionId());
        assertArrayEquals(bytes("same"), again.data());
        assertEquals(Collections.singletonList(first.versionId()), store.versions("seals/0001/manifest.json"));
    }

    @Test
    void getVersion_listedVersion_returnsItsBytesAndAnUnknownOneNothing() throws Exception {
        ObjectStore store = newStore();
        StoredObject put = store.put("seals/0001/manifest.json", bytes("manifest"), options());

        StoredObject version = store.get("seals/0001/manifest.json", put.versionId()).orElseThrow();

        assertArrayEquals(bytes("manifest"), version.data());
        assertEquals(Optional.empty(), store.get("seals/0002/manifest.json", put.versionId()));
    }

    @Test
    void retention_afterPutWithRetention_returnsWhatWasPut() throws Exception {
        ObjectStore store = newStore();
        Instant until = retainUntil();

        store.put("locked", bytes("sealed"), PutOptions.events(
                locks() ? PutOptions.lockedUntil(RetentionMode.COMPLIANCE, until) : null));

        if (locks()) {
            Retention retention = store.retention("locked").orElseThrow();
            assertEquals(RetentionMode.COMPLIANCE, retention.mode());
            assertEquals(until, retention.retainUntil().truncatedTo(ChronoUnit.SECONDS));
        } else {
            assertEquals(Optional.empty(), store.retention("locked"));
        }
    }

    @Test
    void retention_missingKey_returnsEmpty() throws Exception {
        assertEquals(Optional.empty(), newStore().retention("no/such/key"));
    }

    @Test
    void put_invalidKey_isRefusedForGood() throws Exception {
        ObjectStore store = newStore();

        for (String key : List.of("", "../x", "/abs", "a//b", "a/./b", "a/", "a\\b")) {
            StoreException e = assertThrows(StoreException.class, () -> store.put(key, bytes("x"), options()), key);
            assertFalse(e.retryable(), key);
        }
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void put_concurrentlyFromManyThreads_storesEveryObject() throws Exception {
        ObjectStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredObject>> puts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String key = "c/%02d".formatted(i);
                puts.add(pool.submit(() -> store.put(key, bytes(key), options())));
            }
            for (Future<StoredObject> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> expected = IntStream.range(0, 16).mapToObj("c/%02d"::formatted).toList();
        assertEquals(expected, store.list("c/"));
        for (String key : expected) {
            assertArrayEquals(bytes(key), store.get(key).orElseThrow().data());
        }
    }

    @Test
    void check_freshStore_isUsableAndLockedOnlyIfItLocks() throws Exception {
        StoreCheck check = newStore().check();

        assertTrue(check.usable(), () -> "problems: " + check.problems());
        assertEquals(locks(), check.objectLock());
    }

    @Test
    void describe_anyStore_saysWhereObjectsGo() throws Exception {
        String description = newStore().describe();

        assertNotNull(description);
        assertFalse(description.isBlank());
    }
}
