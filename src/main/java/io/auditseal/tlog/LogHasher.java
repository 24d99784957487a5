package io.auditseal.tlog;

/**
 * The hash functions of a Merkle log, as RFC 9162 section 2.1.1 defines them for a tree of byte strings.
 *
 * <p>Implementations MUST be safe to call from several threads and MUST NOT retain or mutate the arrays passed in.
 */
public interface LogHasher {

    /** Length in bytes of every hash this hasher returns. */
    int size();

    /** MTH({}), the root of a tree with no leaves. */
    byte[] emptyRoot();

    /** MTH({d}) for a single leaf holding {@code data}. */
    default byte[] hashLeaf(byte[] data) {
        return hashLeaf(data, 0, data.length);
    }

    /** MTH({d}) for the leaf {@code data[offset, offset + length)}. */
    byte[] hashLeaf(byte[] data, int offset, int length);

    /** The hash of an interior node whose children hash to {@code left} and {@code right}. */
    byte[] hashChildren(byte[] left, byte[] right);
}
