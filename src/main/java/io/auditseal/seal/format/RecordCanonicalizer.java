package io.auditseal.seal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
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

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
            Output out = new Output(json.length + 64);
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
                sorted &= previous.compareTo(name) < 0;
            }
            int start = out.size();
            writeString(name.toCharArray(), 0, name.length(), out);
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
     */
    private static void writeString(char[] text, int offset, int length, Output out) {
        out.write('"');
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out.write('\\');
                }
                out.write(c);
            } else if (c < 0x20) {
                out.write('\\');
                switch (c) {
                    case '\b' -> out.write('b');
                    case '\t' -> out.write('t');
                    case '\n' -> out.write('n');
                    case '\f' -> out.write('f');
                    case '\r' -> out.write('r');
                    default -> {
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX[c >> 4]);
                        out.write(HEX[c & 0xf]);
                    }
                }
            } else {
                // Non-ASCII: let the JDK encode the run, so surrogate pairs (and lone surrogates) match String's UTF-8.
                int runEnd = i + 1;
                while (runEnd < end && text[runEnd] >= 0x80) {
                    runEnd++;
                }
                out.write(new String(text, i, runEnd - i).getBytes(StandardCharsets.UTF_8));
                i = runEnd - 1;
            }
        }
        out.write('"');
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
        private byte[] bytes;
        private int size;

        Output(int capacity) {
            bytes = new byte[Math.max(capacity, 16)];
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

        /** Rewrites [objectStart, size) as the members' segments sorted by name, comma-separated. */
        void reorder(int objectStart, List<Member> members) {
            byte[] original = java.util.Arrays.copyOfRange(bytes, objectStart, size);
            List<Member> sorted = new ArrayList<>(members);
            sorted.sort(BY_NAME);
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

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
