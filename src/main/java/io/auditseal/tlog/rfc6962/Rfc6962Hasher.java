package io.auditseal.tlog.rfc6962;

import io.auditseal.tlog.LogHasher;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 / RFC 9162 hashing with SHA-256: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right),
 * empty root = SHA-256("").
 */
public final class Rfc6962Hasher implements LogHasher {

    public static final Rfc6962Hasher SHA256 = new Rfc6962Hasher();

    /** RFC 9162 section 2.1.1: domain separation between leaves and interior nodes. */
    static final byte LEAF_PREFIX = 0x00;
    static final byte NODE_PREFIX = 0x01;

    private static final int HASH_SIZE = 32;

    // One digest per thread: MessageDigest is not thread-safe, and creating one per hash costs more than the hash
    // of a small node. The JDK's SHA-256 uses the CPU's SHA instructions, which Bouncy Castle's does not.
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Rfc6962Hasher::newDigest);

    private Rfc6962Hasher() {
    }

    @Override
    public int size() {
        return HASH_SIZE;
    }

    @Override
    public byte[] emptyRoot() {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest.digest();
    }

    @Override
    public byte[] hashLeaf(byte[] data, int offset, int length) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        digest.update(LEAF_PREFIX);
        digest.update(data, offset, length);
        return digest.digest();
    }

    @Override
    public byte[] hashChildren(byte[] left, byte[] right) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
