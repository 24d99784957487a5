package io.auditseal.tlog.rfc6962;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.auditseal.tlog.ReferenceTree.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Vectors from transparency-dev/merkle rfc6962/rfc6962_test.go; each reproducible with the command beside it. */
class Rfc6962HasherTest {

    private final Rfc6962Hasher hasher = Rfc6962Hasher.SHA256;

    @Test
    void emptyRoot_isSha256OfNothing() {
        // printf '' | sha256sum
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(hasher.emptyRoot()));
    }

    @Test
    void hashLeaf_emptyLeaf_matchesVector() {
        // printf '\x00' | sha256sum
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", hex(hasher.hashLeaf(new byte[0])));
    }

    @Test
    void hashLeaf_text_matchesVector() {
        // printf '\x00L123456' | sha256sum
        assertEquals("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56",
                hex(hasher.hashLeaf("L123456".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void hashLeaf_slice_hashesOnlyTheSlice() {
        byte[] padded = "xxL123456yy".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hasher.hashLeaf("L123456".getBytes(StandardCharsets.US_ASCII)), hasher.hashLeaf(padded, 2, 7));
    }

    @Test
    void hashChildren_matchesVector() {
        // printf '\x01N123N456' | sha256sum
        assertEquals("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb",
                hex(hasher.hashChildren("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void domainSeparation_leafAndNodeAndOrder_differ() {
        byte[] h1 = hasher.hashLeaf("Hello".getBytes(StandardCharsets.US_ASCII));
        byte[] h2 = hasher.hashLeaf("World".getBytes(StandardCharsets.US_ASCII));
        assertFalse(java.util.Arrays.equals(h1, h2));
        byte[] concatenated = new byte[64];
        System.arraycopy(h1, 0, concatenated, 0, 32);
        System.arraycopy(h2, 0, concatenated, 32, 32);
        assertFalse(java.util.Arrays.equals(hasher.hashChildren(h1, h2), hasher.hashLeaf(concatenated)));
        assertFalse(java.util.Arrays.equals(hasher.hashChildren(h1, h2), hasher.hashChildren(h2, h1)));
    }
}
