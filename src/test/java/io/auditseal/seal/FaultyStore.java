package io.auditseal.seal;

import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real store with injected failures: a put of a matching key can fail before it writes (storage down) or after
 * it writes (the process dies between writing and recording it), to reproduce every crash point of sealing.
 */
final class FaultyStore implements ObjectStore {

    private final ObjectStore delegate;
    volatile Predicate<String> failBeforePut = key -> false;
    volatile Predicate<String> failAfterPut = key -> false;
    volatile boolean down;
    /** Behave like an Object Lock bucket: keep each put's retention and report it (the directory has none). */
    volatile boolean locks;
    private final java.util.Map<String, Retention> locked = new java.util.concurrent.ConcurrentHashMap<>();
    /** The store's own clock, which then dates each put as S3's Last-Modified does; null: no dates, as a directory. */
    volatile java.time.InstantSource storeClock;
    private final java.util.Map<String, java.time.Instant> written = new java.util.concurrent.ConcurrentHashMap<>();

    FaultyStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public StoredObject put(String key, byte[] data, PutOptions options) throws StoreException {
        checkUp();
        if (failBeforePut.test(key)) {
            throw new StoreException("injected failure before writing " + key, true, null);
        }
        StoredObject stored = delegate.put(key, data, options);
        if (locks && options != null && options.retention() != null) {
            locked.put(key, options.retention());
        }
        if (storeClock != null) {
            written.put(key, storeClock.instant());
        }
        if (failAfterPut.test(key)) {
            throw new StoreException("injected failure after writing " + key, true, null);
        }
        return stored;
    }

    @Override
    public Optional<StoredObject> get(String key) throws StoreException {
        checkUp();
        return delegate.get(key).map(o -> new StoredObject(o.key(), o.versionId(), o.data(),
                Optional.ofNullable(written.get(key))));
    }

    @Override
    public void extendRetention(String key, Retention retention) throws StoreException {
        checkUp();
        if (!locks) {
            ObjectStore.super.extendRetention(key, retention);
        }
        locked.merge(key, retention, (old, longer) -> longer.retainUntil().isAfter(old.retainUntil()) ? longer : old);
    }

    @Override
    public Optional<StoredObject> get(String key, String versionId) throws StoreException {
        checkUp();
        return delegate.get(key, versionId);
    }

    @Override
    public Optional<Retention> retention(String key) throws StoreException {
        checkUp();
        return locks ? Optional.ofNullable(locked.get(key)) : delegate.retention(key);
    }

    @Override
    public List<String> versions(String key) throws StoreException {
        checkUp();
        return delegate.versions(key);
    }

    @Override
    public List<String> list(String prefix) throws StoreException {
        checkUp();
        return delegate.list(prefix);
    }

    @Override
    public StoreCheck check() throws StoreException {
        checkUp();
        return delegate.check();
    }

    @Override
    public String describe() {
        return "faulty " + delegate.describe();
    }

    private void checkUp() throws StoreException {
        if (down) {
            throw new StoreException("injected outage", true, null);
        }
    }
}
