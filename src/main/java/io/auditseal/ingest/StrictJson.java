package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;

/**
 * The JSON parser settings for request bodies. Whatever passes here must canonicalise later (RFC 8785) without
 * error, so the rules are strict: no duplicate member names, finite numbers only, bounded nesting and lengths.
 */
final class StrictJson {

    /** Kubernetes objects nest a few dozen levels at most; 100 leaves room and bounds the recursion later. */
    static final int MAX_NESTING_DEPTH = 100;
    /** One event is at most 100 KiB by kube-apiserver's truncation limit; any string must fit in a batch. */
    static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(100)
                    .build())
            .build();

    private StrictJson() {
    }

    /** A parser for a request body, refusing duplicate member names at any depth. */
    static JsonParser parser(byte[] body) throws IOException {
        return new UniqueNamesParser(FACTORY.createParser(body));
    }

    /** A parse error as the client should read it: where it happened and what was wrong. */
    static IngestProblem malformed(JsonProcessingException e) {
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column "
                + location.getColumnNr() + " (byte " + location.getByteOffset() + ")";
        return new IngestProblem(RejectReason.MALFORMED_JSON, "malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    /** Walks the value whose first token is current, checking every number; leaves the parser on its last token. */
    static void skipValue(JsonParser parser) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                checkFinite(parser);
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
            if (token == null) {
                throw new IngestProblem(RejectReason.MALFORMED_JSON, "malformed JSON: unexpected end of input");
            }
        }
    }

    /** RFC 8785 writes numbers as doubles: one that overflows a double could never be canonicalised. */
    private static void checkFinite(JsonParser parser) throws IOException {
        if (!Double.isFinite(parser.getValueAsDouble())) {
            var location = parser.currentTokenLocation();
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "number " + parser.getText() + " at line "
                    + location.getLineNr() + ", column " + location.getColumnNr() + " is out of the range of a double");
        }
    }
}
