package io.auditseal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the audit webhook, sending what kube-apiserver sends: EventList batches of real events (from
 * the captured v1.23 batch, padded to a chosen size, every auditID unique) over HTTPS with a bearer token.
 *
 * <p>Two modes: closed loop ({@code rate=0}: each sender posts as fast as acknowledgements come back) for the
 * throughput ceiling, and open loop ({@code rate=N} events/s: batches are scheduled on a fixed clock and latency is
 * counted from the scheduled time, so a slow server cannot hide its queueing). Samples the server's RSS and CPU
 * from /proc while it runs. Prints one summary line per run.
 *
 * <p>Usage: {@code IngestLoad url token caPem fixture pid senders batchItems itemBytes seconds rate label [warmupSeconds [firstBatch]]}
 */
public final class IngestLoad {

    private static final String PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String token = args[1];
        Path ca = Path.of(args[2]);
        Path fixture = Path.of(args[3]);
        long pid = Long.parseLong(args[4]);
        int senders = Integer.parseInt(args[5]);
        int batchItems = Integer.parseInt(args[6]);
        int itemBytes = Integer.parseInt(args[7]);
        int seconds = Integer.parseInt(args[8]);
        int rate = Integer.parseInt(args[9]);
        String label = args[10];

        int warmupSeconds = args.length > 11 ? Integer.parseInt(args[11]) : 0;
        // Every batch number gives its events unique auditIDs. A second run against the same server must start
        // past the first one's numbers, or its events are duplicates the server drops instead of storing.
        long firstBatch = args.length > 12 ? Long.parseLong(args[12]) : 0;

        BatchTemplate template = BatchTemplate.build(fixture, batchItems, itemBytes);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(ca))
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong batchCounter = new AtomicLong(firstBatch);
        if (warmupSeconds > 0) {
            // In this JVM, so that the measured run does not pay for the client's own JIT compilation and TLS
            // handshakes (a fresh JVM's first seconds would otherwise fill the tail of a 600-sample run).
            Result warmup = run(client, url, token, template, batchCounter, pid, senders, batchItems, warmupSeconds, rate);
            warmup.print("warmup");
        }
        run(client, url, token, template, batchCounter, pid, senders, batchItems, seconds, rate).print(label);
        System.exit(0);
    }

    /** One timed run: closed loop when {@code rate} is 0, else batches scheduled at {@code rate} events/s. */
    private static Result run(HttpClient client, URI url, String token, BatchTemplate template, AtomicLong batchCounter,
                              long pid, int senders, int batchItems, int seconds, int rate) throws Exception {
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong events = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ProcSampler sampler = new ProcSampler(pid);

        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        sampler.start();
        long cpuBefore = ProcSampler.cpuTicks(pid);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        if (rate == 0) {
            for (int s = 0; s < senders; s++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        if (send(client, url, token, template.next(batchCounter.incrementAndGet()))) {
                            samples.add(new long[] {t0 - start, System.nanoTime() - t0});
                            events.addAndGet(batchItems);
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        } else {
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) * batchItems / rate;
            // Bodies are made ahead of their send time, so building them is not counted as server latency.
            java.util.concurrent.BlockingQueue<byte[]> ready = new java.util.concurrent.ArrayBlockingQueue<>(64);
            Thread maker = new Thread(() -> {
                try {
                    while (true) {
                        ready.put(template.next(batchCounter.incrementAndGet()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            maker.setDaemon(true);
            maker.start();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            clock.scheduleAtFixedRate(() -> {
                long scheduled = System.nanoTime();
                if (scheduled >= end) {
                    return;
                }
                pool.submit(() -> {
                    byte[] body;
                    try {
                        body = ready.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (send(client, url, token, body)) {
                        samples.add(new long[] {scheduled - start, System.nanoTime() - scheduled});
                        events.addAndGet(batchItems);
                    } else {
                        failures.incrementAndGet();
                    }
                });
            }, 0, intervalNanos, TimeUnit.NANOSECONDS);
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - start));
            clock.shutdown();
            pool.shutdown();
            pool.awaitTermination(120, TimeUnit.SECONDS);
            maker.interrupt();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuTicks = ProcSampler.cpuTicks(pid) - cpuBefore;
        sampler.stop();
        return new Result(samples.toArray(long[][]::new), events.get(), failures.get(), elapsed, cpuTicks,
                sampler.maxRssKib());
    }

    /** A run's outcome; samples are {start offset, latency} in nanoseconds. */
    private record Result(long[][] samples, long events, long failures, double elapsed, long cpuTicks, long maxRssKib) {

        void print(String label) {
            long[] sorted = java.util.Arrays.stream(samples).mapToLong(s -> s[1]).sorted().toArray();
            double eventsPerSecond = events / elapsed;
            double cpuCores = cpuTicks / 100.0 / elapsed;   // USER_HZ is 100 on Linux
            System.out.printf("%s: %d events in %.1f s = %.0f events/s; %d batches, %d failed; ack latency ms p50 %.1f p99 %.1f max %.1f;"
                            + " server CPU %.2f cores = %.3f cores per 1000 events/s; server RSS max %d MiB%n",
                    label, events, elapsed, eventsPerSecond, sorted.length, failures,
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                    cpuCores, cpuCores / (eventsPerSecond / 1000), maxRssKib / 1024);
            // When the slowest requests were sent shows whether the tail clusters (GC, flushes) or is spread out.
            StringBuilder slowest = new StringBuilder("  slowest (sent at s: ms):");
            java.util.Arrays.stream(samples).sorted((a, b) -> Long.compare(b[1], a[1])).limit(8)
                    .forEach(s -> slowest.append(String.format(" %.1f: %.0f", s[0] / 1e9, s[1] / 1e6)));
            System.out.println(slowest);
        }
    }

    private static boolean send(HttpClient client, URI url, String token, byte[] body) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("HTTP " + response.statusCode() + ": " + response.body());
                return false;
            }
            return true;
        } catch (Exception e) {
            System.err.println("request failed: " + e);
            return false;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** One EventList body with a placeholder auditID per item; each request copies it and writes unique IDs in. */
    record BatchTemplate(byte[] body, int[] idOffsets) {

        static BatchTemplate build(Path fixture, int items, int itemBytes) throws Exception {
            ObjectMapper json = new ObjectMapper();
            JsonNode list = json.readTree(fixture.toFile());
            List<ObjectNode> events = new ArrayList<>();
            for (JsonNode item : list.get("items")) {
                ObjectNode event = (ObjectNode) item.deepCopy();
                event.put("auditID", PLACEHOLDER);
                ObjectNode annotations = event.has("annotations") ? (ObjectNode) event.get("annotations") : event.putObject("annotations");
                int size = json.writeValueAsBytes(event).length;
                // Pad with an annotation, as long reasons and request bodies make real events larger.
                int padding = Math.max(0, itemBytes - size - "\"bench.auditseal.io/padding\":\"\",".length());
                annotations.put("bench.auditseal.io/padding", "x".repeat(padding));
                events.add(event);
            }
            StringBuilder body = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append(json.writeValueAsString(events.get(i % events.size())));
            }
            body.append("]}");
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            byte[] placeholder = PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
            int[] offsets = new int[items];
            int found = 0;
            for (int i = 0; i + placeholder.length <= bytes.length && found < items; i++) {
                if (bytes[i] == '0' && Arrays.equals(bytes, i, i + placeholder.length, placeholder, 0, placeholder.length)) {
                    offsets[found++] = i;
                    i += placeholder.length - 1;
                }
            }
            if (found != items) {
                throw new IllegalStateException("found " + found + " auditID placeholders, want " + items);
            }
            System.out.printf("batch: %d events, %d bytes (%.0f bytes/event)%n", items, bytes.length, (double) bytes.length / items);
            return new BatchTemplate(bytes, offsets);
        }

        byte[] next(long batch) {
            byte[] copy = body.clone();
            for (int i = 0; i < idOffsets.length; i++) {
                byte[] id = String.format("%08x-%04x-4000-8000-%012x", batch >>> 16, batch & 0xffff, i)
                        .getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(id, 0, copy, idOffsets[i], id.length);
            }
            return copy;
        }
    }

    /** Samples a process's resident set size from /proc while the load runs. */
    static final class ProcSampler {
        private final long pid;
        private final AtomicLong maxRssKib = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        ProcSampler(long pid) {
            this.pid = pid;
        }

        void start() {
            timer.scheduleAtFixedRate(() -> maxRssKib.accumulateAndGet(rssKib(pid), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        }

        void stop() {
            timer.shutdownNow();
            maxRssKib.accumulateAndGet(rssKib(pid), Math::max);
        }

        long maxRssKib() {
            return maxRssKib.get();
        }

        static long rssKib(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                return 0;
            }
            return 0;
        }

        /** utime + stime of the process, in clock ticks. */
        static long cpuTicks(long pid) throws Exception {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }
}
