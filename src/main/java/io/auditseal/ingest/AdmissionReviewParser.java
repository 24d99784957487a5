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
        boolean secret = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("uid") && value == JsonToken.VALUE_STRING) {
                uid = parser.getText();
            } else if (field.equals("dryRun") && value.isBoolean()) {
                dryRun = value == JsonToken.VALUE_TRUE;
            } else if (field.equals("resource") && value == JsonToken.START_OBJECT) {
                secret = isCoreSecrets(parser);
            } else {
                StrictJson.skipValue(parser);
            }
        }
        long end = parser.currentLocation().getByteOffset();
        if (uid == null || uid.isEmpty()) {
            throw new IngestProblem(RejectReason.INVALID_ITEM, "AdmissionReview request has no uid string");
        }
        return new AdmissionRequestView(uid, dryRun, secret, Arrays.copyOfRange(body, (int) start, (int) end));
    }

    /** Reads a GroupVersionResource object: true for {group: "", resource: "secrets"}. */
    private static boolean isCoreSecrets(JsonParser parser) throws IOException {
        String group = "";
        String resource = null;
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
        return group.isEmpty() && "secrets".equals(resource);
    }

    private static String skip(JsonParser parser) throws IOException {
        StrictJson.skipValue(parser);
        return null;
    }
}
