package io.auditseal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.erdtman.jcs.NumberToJSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a record's JSON into its RFC 8785 (JCS) canonical form: the bytes that become a leaf of the chain's log and
 * a line of the events object. Anyone holding the same JSON value, with any whitespace and member order, derives the
 * same bytes, and so the same leaf hash.
 *
 * <p>Canonical JSON has no raw newline (control characters in strings are escaped and no whitespace is written), so
 * one record is always one line. RFC 8785 writes numbers as IEEE 754 doubles in ECMAScript form: integers beyond
 * 2^53 lose precision, for everyone alike.
 *
 * <p>Why not java-json-canonicalization's JsonCanonicalizer directly: canonicalisation is the largest cost of
 * sealing (docs/BENCHMARKS.md), and that class parses with a character-by-character decoder and regular expressions.
 * Here Jackson's streaming parser reads the value and members are sorted in place as objects close; the library's
 * ECMAScript number formatter ({@link NumberToJSON}) is still the one used, and a differential test holds the two
 * implementations to identical output.
 */
public final class RecordCanonicalizer {

    /** Records are one Kubernetes object deep at most; far deeper input is refused rather than recursed into. */
    static final int MAX_NESTING_DEPTH = 1000;

    // Duplicate member names are found while sorting (they end up adjacent), which costs nothing when the names
    // arrive sorted; Jackson's STRICT_DUPLICATE_DETECTION would build a hash set for every object.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(1000)
                    .build())
            .build();

    /** RFC 8785 section 3.2.3: members sorted by their names as arrays of UTF-16 code units, as String compares. */
    private static final Comparator<Member> BY_NAME = Comparator.comparing(Member::name);

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RecordCanonicalizer() {
    }

    /** The canonical UTF-8 bytes of the JSON value in {@code json}. */
    public static byte[] canonicalize(byte[] json) throws InvalidRecordException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new InvalidRecordException("record is empty", null);
            }
            Output out = Output.scratch(json.length + 64);
            writeValue(parser, out);
            if (parser.nextToken() != null) {
                throw new InvalidRecordException("record has content after its JSON value", null);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("record is not canonicalisable JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the value whose first token is current; leaves the parser on its last token. */
    private static void writeValue(JsonParser parser, Output out) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> writeObject(parser, out);
            case START_ARRAY -> {
                out.write('[');
                boolean first = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    writeValue(parser, out);
                }
                out.write(']');
            }
            case VALUE_STRING -> writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), out);
            case VALUE_NUMBER_INT -> writeInteger(parser, out);
            case VALUE_NUMBER_FLOAT -> writeNumber(parser.getValueAsDouble(), out);
            case VALUE_TRUE -> out.write(TRUE);
            case VALUE_FALSE -> out.write(FALSE);
            case VALUE_NULL -> out.write(NULL);
            default -> throw new IOException("unexpected JSON token " + parser.currentToken());
        }
    }

    /**
     * Members are written in arrival order, each as one segment {@code "name":value}; if the names were not already
     * sorted, the segments are then reordered in place. No per-member buffers.
     */
    private static void writeObject(JsonParser parser, Output out) throws IOException {
        out.write('{');
        int objectStart = out.size();
        List<Member> members = null;
        String previous = null;
        boolean sorted = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (previous != null) {
                out.write(',');
                // Strictly increasing names are also free of duplicates.
                sorted &= previous.compareTo(name) < 0;
            }
            int start = out.size();
            writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), out);
            out.write(':');
            parser.nextToken();
            writeValue(parser, out);
            if (members == null) {
                members = new ArrayList<>();
            }
            members.add(new Member(name, start, out.size()));
            previous = name;
        }
        if (!sorted) {
            out.reorder(objectStart, members);
        }
        out.write('}');
    }

    /** Integers that a double holds exactly print as plain digits in ECMAScript; larger ones go through doubles. */
    private static void writeInteger(JsonParser parser, Output out) throws IOException {
        if (parser.getNumberType() == JsonParser.NumberType.INT || parser.getNumberType() == JsonParser.NumberType.LONG) {
            long value = parser.getLongValue();
            if (Math.abs(value) <= MAX_EXACT_INTEGER) {
                out.writeAscii(Long.toString(value));
                return;
            }
        }
        writeNumber(parser.getValueAsDouble(), out);
    }

    /** 2^53: every integer up to it is an exact double. */
    private static final long MAX_EXACT_INTEGER = 1L << 53;

    /**
     * RFC 8785 section 3.2.2.2 (ECMAScript JSON.stringify): only '"', '\' and U+0000..U+001F are escaped, the five
     * with short forms as \b \t \n \f \r and the rest as lowercase \\u00xx; everything else is written as UTF-8.
     * A lone surrogate (an escaped {@code \ud800} without its pair) has no UTF-8 form: such a record cannot be
     * canonicalised, and is sealed as an UncanonicalRecord that keeps its exact bytes (docs/FORMAT.md).
     */
    private static void writeString(char[] text, int offset, int length, Output out) throws IOException {
        // At most 6 bytes per char (\\u00xx), so one capacity check covers the whole string.
        out.ensure(length * 6 + 2);
        byte[] b = out.bytes;
        int p = out.size;
        b[p++] = '"';
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[p++] = '\\';
                }
                b[p++] = (byte) c;
            } else if (c < 0x20) {
                b[p++] = '\\';
                switch (c) {
                    case '\b' -> b[p++] = 'b';
                    case '\t' -> b[p++] = 't';
                    case '\n' -> b[p++] = 'n';
                    case '\f' -> b[p++] = 'f';
                    case '\r' -> b[p++] = 'r';
                    default -> {
                        b[p++] = 'u';
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 0xf];
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xe0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                int codePoint = Character.toCodePoint(c, text[++i]);
                b[p++] = (byte) (0xf0 | codePoint >> 18);
                b[p++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
                b[p++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | codePoint & 0x3f);
            } else {
                throw new IOException("string holds a lone surrogate \\u" + Integer.toHexString(c) + " (invalid UTF-16)");
            }
        }
        b[p++] = '"';
        out.size = p;
    }

    /** RFC 8785 section 3.2.2.3: the ECMAScript form of the double, from the reference library. */
    private static void writeNumber(double value, Output out) throws IOException {
        out.writeAscii(NumberToJSON.serializeNumber(value));
    }

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** One member of an object being written: its name and where its segment lies in the output. */
    private record Member(String name, int start, int end) {
    }

    /** A growable byte buffer that can reorder an object's member segments in place. */
    private static final class Output {
        /** A buffer grown past this is not kept for the next record, so one huge record is not held forever. */
        private static final int KEEP_BYTES = 1 << 20;
        private static final ThreadLocal<Output> SCRATCH = ThreadLocal.withInitial(() -> new Output(16 * 1024));

        private byte[] bytes;
        private int size;

        private Output(int capacity) {
            bytes = new byte[Math.max(capacity, 16)];
        }

        /** This thread's reusable buffer, emptied, with room for {@code capacity} bytes. */
        static Output scratch(int capacity) {
            Output out = SCRATCH.get();
            if (out.bytes.length > KEEP_BYTES) {
                out = new Output(16 * 1024);
                SCRATCH.set(out);
            }
            out.size = 0;
            out.ensure(capacity);
            return out;
        }

        int size() {
            return size;
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] data) {
            ensure(data.length);
            System.arraycopy(data, 0, bytes, size, data.length);
            size += data.length;
        }

        void writeAscii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
        }

        /**
         * Rewrites [objectStart, size) as the members' segments sorted by name, comma-separated. Throws on a
         * duplicate name: RFC 8785 requires unique names, and sorting puts duplicates side by side.
         */
        void reorder(int objectStart, List<Member> members) throws IOException {
            List<Member> sorted = new ArrayList<>(members);
            sorted.sort(BY_NAME);
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                    throw new IOException("duplicate member name \"" + sorted.get(i).name() + "\"");
                }
            }
            byte[] original = java.util.Arrays.copyOfRange(bytes, objectStart, size);
            size = objectStart;
            for (int i = 0; i < sorted.size(); i++) {
                if (i > 0) {
                    bytes[size++] = ',';
                }
                Member member = sorted.get(i);
                int length = member.end() - member.start();
                System.arraycopy(original, member.start() - objectStart, bytes, size, length);
                size += length;
            }
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }

        void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
