package io.auditseal.format;

import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RecordCanonicalizer against the reference JCS library it replaces on the hot path: for random JSON documents
 * (seeded; the seed is printed) and the captured apiserver events, both must produce the same bytes.
 */
class RecordCanonicalizerDifferentialTest {

    private static final String[] KEYS = {"a", "b", "B", "aa", "\u20ac", "\r", "1", "\u0080", "\u00f6", "\ud83d\ude00",
            "\ufb33", "kind", "apiVersion", "metadata", "é", "\u007f", "\"", "\\", "z z", ""};

    @Test
    void canonicalize_randomDocuments_matchesTheReferenceLibrary() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("canonicalizer differential seed " + seed);
        Random random = new Random(seed);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // Records are objects, and the reference library only takes an object or array at the top.
            String json = "{\"v\":" + value(random, 0) + ",\"w\":" + value(random, 0) + "}";
            String ours = new String(RecordCanonicalizer.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            String reference = new JsonCanonicalizer(json).getEncodedString();
            if (!ours.equals(reference)) {
                mismatches.add("seed " + seed + " doc " + i + ": " + json + "\n  ours " + ours + "\n  ref  " + reference);
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(5, mismatches.size())));
    }

    @Test
    void canonicalize_sortingVectorOfRfc8785_ordersByUtf16CodeUnits() throws Exception {
        // RFC 8785 section 3.2.3 sorting example.
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        String canonical = new String(RecordCanonicalizer.canonicalize(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}", canonical);
    }

    private static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> number(random);
            case 3, 4 -> quote(string(random));
            case 5 -> {
                StringBuilder array = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.append(i == 0 ? "" : random.nextBoolean() ? "," : " , ").append(value(random, depth + 1));
                }
                yield array.append("]").toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                List<String> used = new ArrayList<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    String key = random.nextInt(3) == 0 ? string(random) : KEYS[random.nextInt(KEYS.length)];
                    if (used.contains(key)) {
                        continue;
                    }
                    used.add(key);
                    object.append(used.size() == 1 ? "" : ",").append(quote(key)).append(random.nextBoolean() ? ":" : " : ")
                            .append(value(random, depth + 1));
                }
                yield object.append("}").toString();
            }
        };
    }

    private static String number(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> String.valueOf(random.nextInt(1000));
            case 1 -> String.valueOf(-random.nextInt(100000));
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> random.nextInt(10) + "e" + (random.nextInt(60) - 30);
            case 5 -> "-0";
            case 6 -> "0.000001";
            case 7 -> "1E21";
            default -> random.nextInt(100) + "." + random.nextInt(1000) + "0";
        };
    }

    private static String string(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(8)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append(random.nextBoolean() ? '"' : '\\');
                case 2 -> s.append((char) (0x80 + random.nextInt(0x700)));
                case 3 -> s.append("\ud83d\ude00");
                case 4 -> s.append((char) (0x2000 + random.nextInt(0x100)));
                default -> s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }

    /** JSON string literal, escaping randomly in different valid ways so inputs are not already canonical. */
    private static String quote(String s) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 'q') {
                quoted.append(String.format("\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
