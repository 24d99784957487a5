package io.auditseal.operator.controller;

import io.auditseal.chain.ChainSettingsFixture;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.format.ChainId;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reconcilers' shared stores: opened once per chain registration, closed only when no check uses them. */
class SharedStoresTest {

    private static final ChainId CHAIN = new ChainId("audit", "prod");

    /** A store that only records whether it was closed. */
    private static final class ClosableStore implements ObjectStore {
        int closed;

        @Override
        public StoredObject put(String key, byte[] data, PutOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredObject> get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredObject> get(String key, String versionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Retention> retention(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> versions(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoreCheck check() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "test store";
        }

        @Override
        public void close() {
            closed++;
        }
    }

    private final List<ClosableStore> opened = new ArrayList<>();
    private final SharedStores stores = new SharedStores(chain -> {
        ClosableStore store = new ClosableStore();
        opened.add(store);
        return store;
    });

    private static RegisteredChain registration(long generation) {
        return ChainSettingsFixture.registered(CHAIN, generation);
    }

    @Test
    void sameRegistration_sharesOneStore() throws Exception {
        RegisteredChain chain = registration(1);
        ObjectStore first = stores.withStore(chain, store -> store);
        ObjectStore second = stores.withStore(chain, store -> store);
        assertSame(first, second);
        assertEquals(1, opened.size());
        assertEquals(0, opened.get(0).closed);
    }

    @Test
    void newRegistration_opensAnotherStore_andClosesTheOldOneOnceItsCheckIsDone() throws Exception {
        RegisteredChain old = registration(1);
        RegisteredChain changed = registration(2);
        stores.withStore(old, outer -> {
            // A reconcile of the new configuration while a check still uses the old store.
            stores.withStore(changed, inner -> inner);
            assertEquals(2, opened.size());
            assertEquals(0, opened.get(0).closed, "closed under a running check");
            return null;
        });
        assertEquals(1, opened.get(0).closed);
        assertEquals(0, opened.get(1).closed);
        assertSame(opened.get(1), stores.withStore(changed, store -> store));
    }

    @Test
    void storageFailure_closesTheStore_andTheNextCheckOpensAFreshOne() throws Exception {
        RegisteredChain chain = registration(1);
        assertThrows(StoreException.class, () -> stores.withStore(chain, store -> {
            throw new StoreException("access denied: rotated keys", true, null);
        }));
        assertEquals(1, opened.get(0).closed);
        ObjectStore next = stores.withStore(chain, store -> store);
        assertSame(opened.get(1), next);
        assertEquals(2, opened.size());
    }

    @Test
    void shutdown_closesIdleStoresAtOnce_andAStoreInUseWhenItsCheckIsDone() throws Exception {
        stores.withStore(registration(1), store -> store);
        RegisteredChain other = ChainSettingsFixture.registered(new ChainId("audit", "staging"), 1);
        stores.withStore(other, store -> {
            stores.close();
            assertEquals(1, opened.get(0).closed, "the idle store");
            assertEquals(0, opened.get(1).closed, "closed under a running check");
            return null;
        });
        assertEquals(1, opened.get(1).closed);
    }
}
