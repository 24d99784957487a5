package io.auditseal.e2e;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained API traffic for the restart test: a few threads create ConfigMaps through kube-apiserver as fast as it
 * answers, up to a rate, each request audited (and shown to the admission webhook) like any user's. Runs until
 * stopped; counts what the apiserver accepted.
 */
final class ConfigMapLoad implements AutoCloseable {

    private final HttpClient client;
    private final URI configMaps;
    private final String token;
    private final int perSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final long start = System.nanoTime();

    ConfigMapLoad(String apiServer, Path caPem, String token, String namespace, int threads, int perSecond)
            throws Exception {
        this.client = HttpClient.newBuilder().sslContext(trusting(caPem)).connectTimeout(Duration.ofSeconds(5)).build();
        this.configMaps = URI.create(apiServer + "/api/v1/namespaces/" + namespace + "/configmaps");
        this.token = token;
        this.perSecond = perSecond;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::run, "configmap-load-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
            thread.start();
        }
    }

    int created() {
        return created.get();
    }

    int failed() {
        return failed.get();
    }

    private void run() {
        while (running.get()) {
            int n = next.getAndIncrement();
            // Paced: request n goes no earlier than n / perSecond seconds after the start.
            long due = start + n * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"load-" + n
                    + "\"},\"data\":{\"n\":\"" + n + "\"}}";
            HttpRequest request = HttpRequest.newBuilder(configMaps).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                (status == 201 ? created : failed).incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("kube-apiserver", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(40).toMillis());
        }
    }
}
