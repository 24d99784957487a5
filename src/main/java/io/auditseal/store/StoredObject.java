package io.auditseal.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of an object: its key, its bytes, the version ID the store gave it (null where unversioned) and, where
 * the store says, when it was written by the store's own clock ({@code Last-Modified}), which a verifier can hold
 * the object's lock against instead of the sink's clock.
 */
public record StoredObject(String key, String versionId, byte[] data, Optional<Instant> lastModified) {

    public StoredObject {
        Objects.requireNonNull(lastModified, "lastModified");
    }

    /** An object whose write time the store did not give. */
    public StoredObject(String key, String versionId, byte[] data) {
        this(key, versionId, data, Optional.empty());
    }
}
