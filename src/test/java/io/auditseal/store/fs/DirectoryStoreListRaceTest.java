package io.auditseal.store.fs;

import io.auditseal.store.PutOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listing while another thread writes: temporary files come and go under the walk, and must not fail it. */
class DirectoryStoreListRaceTest {

    @TempDir
    Path dir;

    @Test
    void list_duringConcurrentPuts_neverFails() throws Exception {
        DirectoryStore store = new DirectoryStore(dir);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    store.put("a/seals/" + i + "/manifest.json", new byte[1024], PutOptions.manifest(null));
                }
                return null;
            });
            int lists = 0;
            while (!writes.isDone()) {
                store.list("a/");
                lists++;
            }
            writes.get();
            assertTrue(lists > 0);
            assertTrue(store.list("a/").size() == 2000);
        } finally {
            writer.shutdownNow();
        }
    }
}
