package io.auditseal.ingest;

/** What the sink needs of an AdmissionReview: the request's uid and dryRun flag, and its bytes as received. */
public record AdmissionRequestView(String uid, boolean dryRun, byte[] rawRequest) {
}
