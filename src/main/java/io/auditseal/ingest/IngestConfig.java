package io.auditseal.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the webhook endpoints ({@code auditseal.ingest.*}). */
@ConfigMapping(prefix = "auditseal.ingest")
public interface IngestConfig {

    /** Largest request body, after gzip decoding: 12 MiB, above kube-apiserver's 10 MiB largest batch. */
    @WithDefault("12582912")
    long maxBodyBytes();
}
