package io.auditseal.chain;

import io.auditseal.operator.crd.v1alpha1.chain.AuditChainSpec;
import io.auditseal.seal.format.ChainId;

/** A chain the sink accepts records for: its identity, its configuration and its resolved credentials. */
public record RegisteredChain(ChainId id, long generation, AuditChainSpec spec, ChainCredentials credentials) {

    /** The log's origin: the spec's, or {@code auditseal/<namespace>/<name>}. */
    public String origin() {
        String origin = spec.getOrigin();
        return origin == null || origin.isBlank() ? id.defaultOrigin() : origin;
    }

    public boolean failClosed() {
        return spec.isFailClosed();
    }
}
