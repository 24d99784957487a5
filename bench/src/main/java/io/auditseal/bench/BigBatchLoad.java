package io.auditseal.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts one EventList of {@code events} events of about {@code eventBytes} each (a ConfigMap create at
 * RequestResponse: the object in the request and the response), generated as it is sent, so the load generator
 * holds one event, not the batch. Reports the time to the sink's answer, the answer, and the server's peak RSS.
 *
 * <pre>BigBatchLoad URL TOKEN CA_PEM SERVER_PID EVENTS EVENT_BYTES RUN_ID</pre>
 */
public final class BigBatchLoad {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String token = args[1];
        Path ca = Path.of(args[2]);
        long pid = Long.parseLong(args[3]);
        int events = Integer.parseInt(args[4]);
        int eventBytes = Integer.parseInt(args[5]);
        String run = args[6];

        Body body = new Body(events, eventBytes, run);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(IngestLoad.trusting(ca))
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body),
                        body.length()))
                .build();
        AtomicLong maxRssKib = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> maxRssKib.accumulateAndGet(IngestLoad.ProcSampler.rssKib(pid), Math::max),
                0, 100, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        timer.shutdownNow();
        System.out.printf("batch of %d events of %d bytes (%d MiB): HTTP %d %s in %.1f s = %.0f MiB/s; server RSS max "
                        + "%d MiB%n", events, eventBytes, body.length() >> 20, response.statusCode(), response.body(),
                seconds, (body.length() / 1048576.0) / seconds, maxRssKib.get() / 1024);
    }

    /** The EventList's bytes, made as they are read: head, events separated by commas, tail. */
    static final class Body extends InputStream {
        private static final byte[] HEAD = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                .getBytes(StandardCharsets.UTF_8);
        private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);
        private final int events;
        private final String run;
        private final byte[] object;
        private final long length;
        private byte[] current = HEAD;
        private int at;
        private int next;

        Body(int events, int eventBytes, String run) {
            this.events = events;
            this.run = run;
            String value = "v".repeat(Math.max(0, eventBytes / 2 - 120));
            this.object = ("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"big\",\"namespace\":\"bench\"},"
                    + "\"data\":{\"v\":\"" + value + "\"}}").getBytes(StandardCharsets.UTF_8);
            this.length = HEAD.length + TAIL.length + (long) events * event(0).length + Math.max(0, events - 1);
        }

        long length() {
            return length;
        }

        private byte[] event(int i) {
            String head = String.format("{\"level\":\"RequestResponse\",\"auditID\":\"%s-%08d\",\"stage\":\"ResponseComplete\","
                    + "\"verb\":\"create\",\"user\":{\"username\":\"bench\"},\"objectRef\":{\"resource\":\"configmaps\","
                    + "\"namespace\":\"bench\",\"name\":\"big\",\"apiVersion\":\"v1\"},\"requestObject\":", run, i);
            byte[] h = head.getBytes(StandardCharsets.UTF_8);
            byte[] middle = ",\"responseObject\":".getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[h.length + object.length + middle.length + object.length + 1];
            System.arraycopy(h, 0, out, 0, h.length);
            System.arraycopy(object, 0, out, h.length, object.length);
            System.arraycopy(middle, 0, out, h.length + object.length, middle.length);
            System.arraycopy(object, 0, out, h.length + object.length + middle.length, object.length);
            out[out.length - 1] = '}';
            return out;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (current != null && at == current.length) {
                at = 0;
                if (current == TAIL) {
                    current = null;
                } else if (next < events) {
                    byte[] event = event(next);
                    if (next > 0) {
                        byte[] withComma = new byte[event.length + 1];
                        withComma[0] = ',';
                        System.arraycopy(event, 0, withComma, 1, event.length);
                        event = withComma;
                    }
                    current = event;
                    next++;
                } else {
                    current = TAIL;
                }
            }
            if (current == null) {
                return -1;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }
}
