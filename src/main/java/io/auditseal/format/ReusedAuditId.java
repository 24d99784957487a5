package io.auditseal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The mark on a sealed record that was journaled under an {@code (auditID, stage)} accepted before with other
 * content: kube-apiserver takes the auditID from the client's {@code Audit-ID} header, so two different requests can
 * share one. The record gets the member {@value #MEMBER}{@code : true} (a name no audit Event field can have), so a
 * reader sees the collision in the record itself (docs/FORMAT.md).
 */
public final class ReusedAuditId {

    public static final String MEMBER = "auditseal.io/auditIDReused";

    // Numbers are kept exactly as the canonical form has them.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final JsonFactory FACTORY = new JsonFactory();
    // What every marked leaf contains: a byte scan for it keeps the parse off the verifier's path for the others.
    private static final byte[] MARK = ("IDReused\":true").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private ReusedAuditId() {
    }

    /**
     * Whether a leaf carries the mark at its top level. Canonical JSON sorts members by UTF-16 code units, as
     * {@link String#compareTo} does, so the scan stops at the first name after the mark's: a few tokens per record.
     */
    public static boolean marked(byte[] leaf) {
        if (!Bytes.contains(leaf, MARK)) {
            return false;
        }
        try (JsonParser parser = FACTORY.createParser(leaf)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int order = parser.currentName().compareTo(MEMBER);
                if (order > 0) {
                    return false;
                }
                JsonToken value = parser.nextToken();
                if (order == 0) {
                    return value == JsonToken.VALUE_TRUE;
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The canonical record {@code canonical} with the mark, canonical again. A record that is not a JSON object has
     * no place for it and is sealed as it is.
     */
    public static byte[] mark(byte[] canonical) {
        try {
            if (!(JSON.readTree(canonical) instanceof ObjectNode record)) {
                return canonical;
            }
            record.put(MEMBER, true);
            return RecordCanonicalizer.canonicalize(JSON.writeValueAsBytes(record));
        } catch (IOException | InvalidRecordException e) {
            throw new IllegalStateException("logic error: canonical JSON reads, writes and canonicalises again", e);
        }
    }
}
