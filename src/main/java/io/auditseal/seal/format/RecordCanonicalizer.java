package io.auditseal.seal.format;

import org.erdtman.jcs.JsonCanonicalizer;

import java.io.IOException;

/**
 * Turns a record's JSON into its RFC 8785 (JCS) canonical form: the bytes that become a leaf of the chain's log and
 * a line of the events object. Anyone holding the same JSON object, with any whitespace and key order, derives the
 * same bytes, and so the same leaf hash.
 *
 * <p>Canonical JSON has no raw newline (JCS escapes control characters in strings and writes no whitespace), so
 * one record is always exactly one line. RFC 8785 writes numbers as IEEE 754 doubles: integers beyond 2^53 lose
 * precision, for everyone alike.
 */
public final class RecordCanonicalizer {

    private RecordCanonicalizer() {
    }

    /** The canonical UTF-8 bytes of the JSON value in {@code json}. */
    public static byte[] canonicalize(byte[] json) throws InvalidRecordException {
        try {
            return new JsonCanonicalizer(json).getEncodedUTF8();
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("record is not canonicalisable JSON: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // The library parses recursively; ingest bounds nesting depth, this is the last line of defence.
            throw new InvalidRecordException("record is nested too deeply to canonicalise", null);
        }
    }
}
