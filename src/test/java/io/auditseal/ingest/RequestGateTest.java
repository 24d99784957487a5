package io.auditseal.ingest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unauthenticated requests are answered from their headers: the client announces a 12 MiB body and sends none of
 * it, and still gets its refusal at once. Were the body read first, the server would wait for bytes that never
 * come and the read below would time out.
 */
@QuarkusTest
class RequestGateTest {

    private static final int BODY_BYTES = 12 * 1024 * 1024;

    @TestHTTPResource("/")
    URL server;

    /** Sends only the request line and headers; returns the response's status line and headers. */
    private List<String> headersOnly(String path, String... headers) throws Exception {
        return headersOnly(path, BODY_BYTES, headers);
    }

    private List<String> headersOnly(String path, long bodyBytes, String... headers) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bodyBytes + "\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> response = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                response.add(line);
            }
            return response;
        }
    }

    @Test
    void post_noCredentialsAndNoBodySent_is401AtOnce() throws Exception {
        List<String> response = headersOnly("/v1/audit/test/cluster-a");
        assertEquals("HTTP/1.1 401 Unauthorized", response.get(0));
        assertTrue(response.stream().anyMatch(h -> h.equalsIgnoreCase("connection: close")), response.toString());
    }

    @Test
    void post_wrongTokenAndNoBodySent_is403AtOnce() throws Exception {
        assertEquals("HTTP/1.1 403 Forbidden",
                headersOnly("/v1/admission/test/cluster-a", "Authorization: Bearer not-the-token").get(0));
    }

    @Test
    void post_unknownChainAndNoBodySent_is404AtOnce() throws Exception {
        assertEquals("HTTP/1.1 404 Not Found",
                headersOnly("/v1/audit/test/no-such-chain?timeout=30s", "Authorization: Bearer s3cret-token-a").get(0));
    }

    @Test
    void post_declaredOverTheBodyLimit_is413AtOnce() throws Exception {
        // The audit webhook takes up to 4 GiB (streamed); the admission webhook 12 MiB.
        assertEquals("HTTP/1.1 413 Request Entity Too Large", headersOnly("/v1/audit/test/cluster-a",
                (4L << 30) + 1, "Authorization: Bearer s3cret-token-a").get(0));
        assertEquals("HTTP/1.1 413 Request Entity Too Large", headersOnly("/v1/admission/test/cluster-a",
                (12L << 20) + 1, "Authorization: Bearer s3cret-token-a").get(0));
    }
}
