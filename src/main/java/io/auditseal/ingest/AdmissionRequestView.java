package io.auditseal.ingest;

/**
 * What the sink needs of an AdmissionReview: the request's uid and dryRun flag, what it is about ({@code resource},
 * {@code subResource} and {@code namespace}, as an {@link ObjectRef}; a core/v1 Secret's values must not be
 * recorded), and its bytes as received.
 */
public record AdmissionRequestView(String uid, boolean dryRun, ObjectRef resource, byte[] rawRequest) {

    /** Whether the request is about a core/v1 Secret. */
    public boolean secret() {
        return resource.secrets();
    }
}
