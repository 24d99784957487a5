package io.auditseal.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Checks a request's media type and decodes its content encoding, never inflating past the body limit. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** Accepts {@code application/json} with any parameters (kube-apiserver sends exactly that). */
    static void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new IngestProblem(RejectReason.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + (contentType == null ? "missing" : "\"" + contentType + "\"") + "; want application/json");
        }
    }

    /** The body after its Content-Encoding (identity or gzip), at most {@code maxBytes} long. */
    static byte[] decode(byte[] body, String contentEncoding, long maxBytes) {
        if (body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> gunzip(body, maxBytes);
            default -> throw new IngestProblem(RejectReason.UNSUPPORTED_ENCODING,
                    "Content-Encoding \"" + contentEncoding + "\"; want gzip or none");
        };
    }

    /** Inflates in bounded steps, so a gzip bomb costs at most maxBytes of memory before it is refused. */
    private static byte[] gunzip(byte[] body, long maxBytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 64 * 1024)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(body.length * 4, 1024));
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + (long) n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "body is not valid gzip: " + e.getMessage());
        }
    }

    static IngestProblem tooLarge(long maxBytes) {
        return new IngestProblem(RejectReason.BODY_TOO_LARGE, "body is larger than the limit of " + maxBytes + " bytes");
    }
}
