package io.auditseal.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Checks a request's media type and decodes its content encoding, never reading past the body limit. */
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

    /**
     * The body after its Content-Encoding (identity or gzip), as a stream that refuses with
     * {@link RejectReason#BODY_TOO_LARGE} once more than {@code maxBytes} are decoded: a gzip bomb costs nothing
     * more than reading that far.
     */
    static Decoded decode(InputStream body, String contentEncoding, long maxBytes) {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        InputStream decoded = switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> new Gunzipped(body);
            default -> throw new IngestProblem(RejectReason.UNSUPPORTED_ENCODING,
                    "Content-Encoding \"" + contentEncoding + "\"; want gzip or none");
        };
        return new Decoded(decoded, maxBytes);
    }

    /** The whole body after its Content-Encoding, at most {@code maxBytes} long. */
    static byte[] readAll(InputStream body, String contentEncoding, long maxBytes) {
        try (InputStream in = decode(body, contentEncoding, maxBytes)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "unreadable body: " + e.getMessage());
        }
    }

    static IngestProblem tooLarge(long maxBytes) {
        return new IngestProblem(RejectReason.BODY_TOO_LARGE, "body is larger than the limit of " + maxBytes + " bytes");
    }

    /** A decoded body that stops at the limit and counts what was read. */
    static final class Decoded extends FilterInputStream {
        private final long maxBytes;
        private long count;

        private Decoded(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        /** Decoded bytes read so far. */
        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }
    }

    /** gzip decoding whose format errors are named as such; opened on first read, so a bad header is one too. */
    private static final class Gunzipped extends InputStream {
        private final InputStream compressed;
        private GZIPInputStream in;

        Gunzipped(InputStream compressed) {
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            try {
                if (in == null) {
                    in = new GZIPInputStream(compressed, 64 * 1024);
                }
                return in.read(buffer, off, len);
            } catch (IOException e) {
                throw new IngestProblem(RejectReason.MALFORMED_JSON, "body is not valid gzip: " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            (in != null ? in : compressed).close();
        }
    }
}
