package io.auditseal.store.fs;

import io.auditseal.store.ObjectStore;
import io.auditseal.store.ObjectStoreContract;
import io.auditseal.store.PutOptions;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ObjectStore newStore() {
        return new DirectoryStore(dir.resolve("store"));
    }

    @Override
    protected boolean locks() {
        return false;
    }

    @Test
    void put_anyKey_writesAReadOnlyFileAtTheKeysPath() throws Exception {
        new DirectoryStore(dir.resolve("store")).put("seals/0001/manifest.json", bytes("{}"), PutOptions.manifest(null));

        Path file = dir.resolve("store/seals/0001/manifest.json");
        assertArrayEquals(bytes("{}"), Files.readAllBytes(file));
        assertEquals(PosixFilePermissions.fromString("r--r--r--"), Files.getPosixFilePermissions(file));
    }

    @Test
    void put_existingKey_isRefusedAndKeepsTheFirstBytes() throws Exception {
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        store.put("k", bytes("first"), PutOptions.manifest(null));

        StoreException e = assertThrows(StoreException.class, () -> store.put("k", bytes("second"), PutOptions.manifest(null)));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(bytes("first"), store.get("k").orElseThrow().data());
    }

    @Test
    void put_keyEscapingTheRoot_isRefusedAndWritesNothing() throws Exception {
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));

        for (String key : List.of("../x", "/abs", "a//b", "a/../../x")) {
            assertThrows(StoreException.class, () -> store.put(key, bytes("x"), PutOptions.manifest(null)), key);
        }

        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(dir), files.toList());
        }
    }

    @Test
    void get_keyEscapingTheRoot_isRefused() throws Exception {
        Files.writeString(dir.resolve("outside"), "secret");
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));

        StoreException e = assertThrows(StoreException.class, () -> store.get("../outside"));

        assertFalse(e.retryable());
    }

    @Test
    void put_success_leavesNoPartialFiles() throws Exception {
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        store.put("a/1", bytes("one"), PutOptions.events(null));
        store.put("a/2", bytes("two"), PutOptions.events(null));
        assertThrows(StoreException.class, () -> store.put("a/1", bytes("again"), PutOptions.events(null)));

        try (Stream<Path> files = Files.walk(dir)) {
            List<String> partial = files.map(Path::toString).filter(name -> name.endsWith(".partial")).toList();
            assertEquals(List.of(), partial);
        }
        assertEquals(List.of("a/1", "a/2"), store.list(""));
    }

    @Test
    void list_ignoresLeftoverPartialFiles() throws Exception {
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        store.put("a/1", bytes("one"), PutOptions.events(null));
        Files.writeString(dir.resolve("store/a/2.0b5c.partial"), "half");

        assertEquals(List.of("a/1"), store.list("a/"));
    }

    @Test
    void check_directory_isUsableButNotLocked() {
        StoreCheck check = new DirectoryStore(dir.resolve("store")).check();

        assertTrue(check.usable());
        assertFalse(check.objectLock());
        assertFalse(check.versioning());
    }

    @Test
    void describe_directory_saysItIsNotTamperProof() {
        String description = new DirectoryStore(dir.resolve("store")).describe();

        assertTrue(description.startsWith("directory "), description);
        assertTrue(description.contains("not tamper-proof"), description);
    }
}
