package io.auditseal.ingest;

/**
 * What an audit event is about, as its {@code objectRef} names it: read while the batch is framed, so that only the
 * few events about secret-bearing resources are ever parsed whole (see {@link EventRedaction}). Absent members are
 * empty strings; the core group is the empty group; the namespace is empty for a cluster-scoped resource and for a
 * request across all namespaces.
 */
record ObjectRef(String apiGroup, String resource, String subresource, String namespace) {

    static final ObjectRef NONE = new ObjectRef("", "", "", "");

    /** core/v1 Secrets. */
    boolean secrets() {
        return apiGroup.isEmpty() && resource.equals("secrets") && subresource.isEmpty();
    }

    /** core/v1 serviceaccounts/token: a TokenRequest. */
    boolean tokenRequest() {
        return apiGroup.isEmpty() && resource.equals("serviceaccounts") && subresource.equals("token");
    }

    /** authentication.k8s.io TokenReviews. */
    boolean tokenReview() {
        return apiGroup.equals("authentication.k8s.io") && resource.equals("tokenreviews");
    }

    /** Whether the event's request or response may carry a secret value that the built-in rules remove. */
    boolean mayCarrySecrets() {
        return secrets() || tokenRequest() || tokenReview();
    }
}
