package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads an {@code admission.k8s.io/v1} {@code AdmissionReview} in one streaming pass, keeping the {@code request}
 * object's bytes untouched for the record.
 */
public final class AdmissionReviewParser {

    static final String KIND = "AdmissionReview";
    static final String API_VERSION = "admission.k8s.io/v1";

    private AdmissionReviewParser() {
    }

    public static AdmissionRequestView parse(byte[] body) {
        try (JsonParser parser = StrictJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IngestProblem(RejectReason.WRONG_KIND, "body is not a JSON object; want an " + KIND);
            }
            String kind = null;
            String apiVersion = null;
            AdmissionRequestView request = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "kind" -> kind = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                    case "apiVersion" -> apiVersion = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                    case "request" -> request = readRequest(parser, body, value);
                    default -> StrictJson.skipValue(parser);
                }
            }
            if (parser.nextToken() != null) {
                throw new IngestProblem(RejectReason.MALFORMED_JSON, "malformed JSON: content after the AdmissionReview");
            }
            if (!KIND.equals(kind) || !API_VERSION.equals(apiVersion)) {
                throw new IngestProblem(RejectReason.WRONG_KIND, "body is kind " + kind + " apiVersion " + apiVersion
                        + "; want kind " + KIND + " with apiVersion " + API_VERSION);
            }
            if (request == null) {
                throw new IngestProblem(RejectReason.INVALID_ITEM, "AdmissionReview has no request object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw StrictJson.malformed(e);
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "unreadable body: " + e.getMessage());
        }
    }

    private static AdmissionRequestView readRequest(JsonParser parser, byte[] body, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "AdmissionReview request is not an object");
        }
        long start = parser.currentTokenLocation().getByteOffset();
        String uid = null;
        boolean dryRun = false;
        String[] groupResource = {"", ""};
        String subResource = "";
        String namespace = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("uid") && value == JsonToken.VALUE_STRING) {
                uid = parser.getText();
            } else if (field.equals("dryRun") && value.isBoolean()) {
                dryRun = value == JsonToken.VALUE_TRUE;
            } else if (field.equals("resource") && value == JsonToken.START_OBJECT) {
                groupResource = groupResource(parser);
            } else if (field.equals("subResource") && value == JsonToken.VALUE_STRING) {
                subResource = parser.getText();
            } else if (field.equals("namespace") && value == JsonToken.VALUE_STRING) {
                namespace = parser.getText();
            } else {
                StrictJson.skipValue(parser);
            }
        }
        long end = parser.currentLocation().getByteOffset();
        if (uid == null || uid.isEmpty()) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "AdmissionReview request has no uid string");
        }
        return new AdmissionRequestView(uid, dryRun, new ObjectRef(groupResource[0], groupResource[1], subResource, namespace),
                Arrays.copyOfRange(body, (int) start, (int) end));
    }

    /** Reads a GroupVersionResource object: its group and resource (empty when absent). */
    private static String[] groupResource(JsonParser parser) throws IOException {
        String group = "";
        String resource = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("group") && value == JsonToken.VALUE_STRING) {
                group = parser.getText();
            } else if (field.equals("resource") && value == JsonToken.VALUE_STRING) {
                resource = parser.getText();
            } else {
                StrictJson.skipValue(parser);
            }
        }
        return new String[] {group, resource};
    }

    private static String skip(JsonParser parser) throws IOException {
        StrictJson.skipValue(parser);
        return null;
    }
}
