package io.auditseal.format;

/** Byte-level searches over stored records, to skip the parse of records that cannot hold what is looked for. */
public final class Bytes {

    private Bytes() {
    }

    /** Whether {@code needle} (not empty) occurs in {@code data}. */
    public static boolean contains(byte[] data, byte[] needle) {
        byte first = needle[0];
        outer:
        for (int i = 0, last = data.length - needle.length; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
