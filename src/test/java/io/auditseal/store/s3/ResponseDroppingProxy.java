package io.auditseal.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an S3 server that, once, lets a request through and loses its answer: the first request
 * whose bytes contain {@code trigger} reaches the server, and when the server starts to answer, the client's
 * connection is closed instead. That is the ambiguous failure of a real network: the write happened, the writer
 * cannot know. Every other request and answer passes unchanged. HTTP/1.1 without pipelining (the MinIO client's
 * OkHttp) is assumed: when a request passes, no earlier answer on that connection is still in flight.
 */
final class ResponseDroppingProxy implements AutoCloseable {

    private final URI upstream;
    private final byte[] trigger;
    private final ServerSocket server;
    private final AtomicInteger dropped = new AtomicInteger();
    private final Thread acceptor;

    ResponseDroppingProxy(URI upstream, String trigger) throws IOException {
        this.upstream = upstream;
        this.trigger = trigger.getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** How many answers were lost so far (at most one). */
    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(upstream.getHost(), upstream.getPort());
                Connection connection = new Connection(client, target);
                start(() -> connection.requests(), "dropping-proxy-up");
                start(() -> connection.answers(), "dropping-proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One client connection and its upstream connection. */
    private final class Connection {
        private final Socket client;
        private final Socket target;
        private volatile boolean loseNextAnswer;

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void requests() {
            byte[] buffer = new byte[64 * 1024];
            // The trigger may straddle two reads: keep the tail of the previous one.
            byte[] window = new byte[0];
            try (InputStream in = client.getInputStream(); OutputStream out = target.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    byte[] seen = new byte[window.length + n];
                    System.arraycopy(window, 0, seen, 0, window.length);
                    System.arraycopy(buffer, 0, seen, window.length, n);
                    if (dropped.get() == 0 && contains(seen, trigger)) {
                        loseNextAnswer = true;
                    }
                    int keep = Math.min(seen.length, trigger.length);
                    window = java.util.Arrays.copyOfRange(seen, seen.length - keep, seen.length);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Either side closed: the connection is over.
            } finally {
                closeBoth();
            }
        }

        void answers() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = target.getInputStream(); OutputStream out = client.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (loseNextAnswer && dropped.compareAndSet(0, 1)) {
                        // The server has answered, so the write is done; the client never hears of it.
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Either side closed: the connection is over.
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                target.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
