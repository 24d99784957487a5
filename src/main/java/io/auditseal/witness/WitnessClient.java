package io.auditseal.witness;

import io.auditseal.tlog.witness.AddCheckpointRequest;
import io.auditseal.tlog.witness.WitnessResponse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends add-checkpoint requests over HTTP(S), one connection pool for every witness, kept alive as the spec asks. */
public final class WitnessClient {

    /** A witness must persist before it answers; slower than this is treated as unreachable and retried later. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @throws IOException when the witness cannot be reached or does not answer in time */
    public WitnessResponse addCheckpoint(Witness witness, AddCheckpointRequest request) throws IOException {
        HttpRequest post = HttpRequest.newBuilder(witness.addCheckpoint()).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.encode())).build();
        try {
            HttpResponse<byte[]> response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
            return WitnessResponse.of(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for witness " + witness.name(), e);
        }
    }
}
