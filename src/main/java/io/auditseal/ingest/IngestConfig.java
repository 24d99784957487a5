package io.auditseal.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the webhook endpoints ({@code auditseal.ingest.*}); docs/INGEST.md, "Size limits". */
@ConfigMapping(prefix = "auditseal.ingest")
public interface IngestConfig {

    /**
     * Largest audit webhook body, after gzip decoding: 4 GiB. With truncation off (kube-apiserver's default) a
     * batch is up to 400 events of any size; at the record limit that is 3.2 GiB. The body is streamed, so this
     * bounds time and disk, not memory.
     */
    @WithDefault("4294967296")
    long maxBodyBytes();

    /**
     * Largest event kept whole: 8 MiB, above any one event about a single object (the apiserver takes requests of
     * up to 3 MiB, and etcd stores objects of up to 1.5 MiB; the event carries both). A larger event (a list
     * response, say) is sealed as an OversizeRecord.
     */
    @WithDefault("8388608")
    long maxRecordBytes();

    /** Largest admission webhook body: 12 MiB, above an AdmissionReview's object and oldObject at the request limit. */
    @WithDefault("12582912")
    long maxAdmissionBodyBytes();
}
