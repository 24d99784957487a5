package io.auditseal.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS as serve runs it by default: server certificate, client certificates checked against the chain's list. */
@QuarkusTest
@TestProfile(TlsIngestTest.Https.class)
class TlsIngestTest {

    static final Path TLS = Path.of("src", "test", "resources", "tls");

    /** The properties serve --tls-cert --tls-key --client-ca sets. */
    public static class Https implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.tls.key-store.pem.0.cert", TLS.resolve("server.crt").toString(),
                    "quarkus.tls.key-store.pem.0.key", TLS.resolve("server.key").toString(),
                    "quarkus.tls.trust-store.pem.certs", TLS.resolve("ca.crt").toString(),
                    "quarkus.http.ssl.client-auth", "request",
                    "quarkus.http.insecure-requests", "disabled");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-ssl-port")
    int httpsPort;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void listedClientCertificate_withoutToken_isAccepted() throws Exception {
        HttpResponse<String> response = post(client("client.p12"), null);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"accepted\":1"), response.body());
    }

    @Test
    void unlistedClientCertificate_is403() throws Exception {
        HttpResponse<String> response = post(client("intruder.p12"), null);
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("INVALID_CREDENTIALS"), response.body());
    }

    @Test
    void bearerTokenOverTls_withoutCertificate_isAccepted() throws Exception {
        HttpResponse<String> response = post(client(null), "Bearer s3cret-token-a");
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void plainHttp_isNotServed() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/health")).build();
        assertThrows(ConnectException.class, () -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> post(HttpClient client, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/v1/audit/test/cluster-a"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.eventList(UUID.randomUUID().toString(), "ResponseComplete")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client trusting the test CA, presenting the given PKCS#12 certificate (or none). */
    private static HttpClient client(String p12) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(TLS.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (p12 != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(TLS.resolve(p12))) {
                keys.load(in, "changeit".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
