package io.auditseal.store;

import java.util.Arrays;

/**
 * A put found its key already holding other bytes. Objects are written once, so this is final: another writer (or
 * an earlier attempt with other contents) got there first, and the caller must find out what the key holds.
 */
public final class ObjectExistsException extends StoreException {

    public ObjectExistsException(String message) {
        super(message, false, null);
    }

    /**
     * What a put of {@code data} under {@code key} returns when the key already holds {@code there}: the same bytes
     * mean the write already happened (a retry of a write that did succeed), other bytes are refused.
     */
    public static StoredObject requireSameBytes(String key, byte[] data, StoredObject there, String where)
            throws ObjectExistsException {
        if (!Arrays.equals(there.data(), data)) {
            throw new ObjectExistsException("object " + key + " already exists in " + where + " with other bytes ("
                    + there.data().length + " stored, " + data.length + " to write); objects are written once");
        }
        return there;
    }
}
