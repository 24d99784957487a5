package io.auditseal.operator;

import io.auditseal.api.v1alpha1.chain.AuditChain;

import java.util.List;

/** The AuditChains cluster mode found when it started, before the operator runs: fired once, as a CDI event. */
public record ExistingChains(List<AuditChain> chains) {

    public ExistingChains {
        chains = List.copyOf(chains);
    }
}
