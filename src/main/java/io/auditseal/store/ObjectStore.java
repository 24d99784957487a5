package io.auditseal.store;

import java.util.List;
import java.util.Optional;

/**
 * Write-once object storage for seals: an S3 bucket with Object Lock, or a local directory. Keys are the
 * store-relative keys of {@code SealLayout}; a backend adds its own prefix.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #put} MUST NOT return before the object is durable. It MUST send the whole object in one request
 *       (single-part), with an integrity checksum, and apply the retention in {@link PutOptions} to the version it
 *       creates.</li>
 *   <li>{@link #put} writes a key once. If the key already holds the same bytes, the put returns the object there
 *       and adds nothing (a retry of a write that succeeded); if it holds other bytes, the put throws
 *       {@link ObjectExistsException}. Where the backend itself refuses a second write ({@link StoreCheck#fencesWrites()}),
 *       this holds between concurrent writers too; elsewhere the store looks before it writes, which narrows the
 *       window but cannot close it.</li>
 *   <li>Transient failures (timeouts, 5xx, connection errors) are retried inside, with a bounded budget; what
 *       escapes is {@link StoreException}: {@link StoreException#retryable()} says whether the caller should try
 *       again later.</li>
 *   <li>Safe to call concurrently.</li>
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

    /** Writes {@code data} under {@code key} and returns the version it created. */
    StoredObject put(String key, byte[] data, PutOptions options) throws StoreException;

    /** The latest version of {@code key}, or empty if there is none. */
    Optional<StoredObject> get(String key) throws StoreException;

    /**
     * Version {@code versionId} of {@code key} (as {@link #versions} lists it), or empty if there is no such version
     * or it is a delete marker. An unversioned store has only the version {@code null}.
     */
    Optional<StoredObject> get(String key, String versionId) throws StoreException;

    /** The retention on the latest version of {@code key}, or empty if the object has none. */
    Optional<Retention> retention(String key) throws StoreException;

    /**
     * Lengthens the retention of the latest version of {@code key} to {@code retention} (Object Lock lets a lock be
     * extended, never shortened in COMPLIANCE mode). A store that cannot lock refuses.
     */
    default void extendRetention(String key, Retention retention) throws StoreException {
        throw new StoreException(describe() + " cannot lock objects: cannot extend the retention of " + key, false, null);
    }

    /**
     * The version IDs that exist for {@code key}, oldest first, delete markers included (null IDs where the store
     * is unversioned). A sealed object has exactly one: more means it was overwritten or deleted.
     */
    List<String> versions(String key) throws StoreException;

    /** Keys starting with {@code prefix}, in lexicographic order. */
    List<String> list(String prefix) throws StoreException;

    /** Whether the store can hold sealed objects as required: what is missing is in {@link StoreCheck#problems()}. */
    StoreCheck check() throws StoreException;

    /** A human description of where objects go, for logs and status (never with credentials). */
    String describe();

    /** Releases connections (an S3 client); a directory store holds none. */
    @Override
    default void close() {
    }
}
