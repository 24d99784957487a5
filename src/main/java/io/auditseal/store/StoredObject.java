package io.auditseal.store;

/** One version of an object: its key, its bytes and the version ID the store gave it (null where unversioned). */
public record StoredObject(String key, String versionId, byte[] data) {
}
