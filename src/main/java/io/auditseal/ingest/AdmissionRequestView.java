package io.auditseal.ingest;

/**
 * What the sink needs of an AdmissionReview: the request's uid and dryRun flag, whether it is about a core/v1 Secret
 * (whose values must not be recorded), and its bytes as received.
 */
public record AdmissionRequestView(String uid, boolean dryRun, boolean secret, byte[] rawRequest) {
}
