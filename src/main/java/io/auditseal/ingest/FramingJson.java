package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.InputStream;

/**
 * The JSON parser settings for framing an EventList: what kube-apiserver can send must be framed, whatever its items
 * hold. For JSON, merge and strategic-merge patches the apiserver only checks Go's {@code json.Valid} and logs the
 * body raw, so an item may carry duplicate member names, numbers beyond a double, deep nesting or lone surrogates:
 * the framer reads past all of them and keeps the item's bytes; an item that then cannot be canonicalised is sealed
 * as an UncanonicalRecord (docs/FORMAT.md). Only the batch's own structure is checked.
 */
final class FramingJson {

    /** Go's encoding/json stops at 10,000 levels (its scanner's maxNestingDepth): nothing deeper reaches us. */
    static final int MAX_NESTING_DEPTH = 10_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(StrictJson.MAX_STRING_LENGTH)
                    // A number is as long as the item allows: the body limit bounds it.
                    .maxNumberLength(StrictJson.MAX_STRING_LENGTH)
                    .build())
            .build();

    private FramingJson() {
    }

    static JsonParser parser(InputStream body) throws IOException {
        return FACTORY.createParser(body);
    }

    /** Walks past the value whose first token is current, unread; leaves the parser on its last token. */
    static void skipValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            if (parser.currentToken() == null) {
                throw new IngestProblem(RejectReason.MALFORMED_JSON, "malformed JSON: unexpected end of input");
            }
        }
    }
}
