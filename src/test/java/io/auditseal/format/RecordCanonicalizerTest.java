package io.auditseal.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCanonicalizerTest {

    @Test
    void canonicalize_rfc8785Section323Example_matchesPublishedOutput() throws Exception {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        String want = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertEquals(want, canonical(input));
    }

    @Test
    void canonicalize_keyOrderAndWhitespace_doNotMatter() throws Exception {
        assertEquals(canonical("{\"b\":1,\"a\":{\"d\":[1,2],\"c\":\"x\"}}"),
                canonical("{ \"a\" : { \"c\" : \"x\", \"d\" : [ 1, 2 ] }, \"b\" : 1 }"));
    }

    @Test
    void canonicalize_newlineInString_staysOneLine() throws Exception {
        String canonical = canonical("{\"msg\":\"line1\\nline2\"}");
        assertEquals("{\"msg\":\"line1\\nline2\"}", canonical);
        assertEquals(-1, canonical.indexOf('\n'));
    }

    @Test
    void canonicalize_malformedJson_throws() {
        for (String bad : new String[] {"{", "{\"a\":}", "[1,]", "{\"a\":1}x", "{'a':1}"}) {
            assertThrows(InvalidRecordException.class,
                    () -> RecordCanonicalizer.canonicalize(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void canonicalize_duplicateKeys_throws() {
        assertThrows(InvalidRecordException.class,
                () -> RecordCanonicalizer.canonicalize("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void canonicalize_duplicateKeysApartOrNested_throws() {
        for (String json : new String[] {"{\"b\":1,\"a\":2,\"b\":3}", "{\"o\":{\"x\":1,\"x\":2}}",
                "[{\"z\":1,\"y\":{},\"z\":[]}]"}) {
            assertThrows(InvalidRecordException.class,
                    () -> RecordCanonicalizer.canonicalize(json.getBytes(StandardCharsets.UTF_8)), json);
        }
    }

    @Test
    void canonicalize_stringsOfEveryUtf8Length_matchTheJdkEncoding() throws Exception {
        // 1-, 2-, 3- and 4-byte UTF-8 (a surrogate pair) and an escaped control character.
        String text = "a\u00e9\u20ac\ud83d\ude00\u0001";
        assertEquals("{\"k\u00e9\":\"" + text.replace("\u0001", "\\u0001") + "\"}",
                canonical("{\"k\u00e9\": \"" + text.replace("\u0001", "\\u0001") + "\"}"));
    }

    @Test
    void canonicalize_loneSurrogateInAValueOrAName_throws() {
        // Valid JSON (Go's json.Valid accepts it) but not UTF-16: no canonical form commits to it; the sealer wraps it.
        for (String json : List.of("[\"\\ud800x\"]", "{\"\\udc00\":1}", "[\"\\ude00\\ud83d\"]")) {
            InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> canonical(json), json);
            assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
        }
    }

    private static String canonical(String json) throws InvalidRecordException {
        return new String(RecordCanonicalizer.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
