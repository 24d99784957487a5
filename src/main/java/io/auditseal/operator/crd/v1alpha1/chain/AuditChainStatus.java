package io.auditseal.operator.crd.v1alpha1.chain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a chain. The operator issue fills in conditions and the chain head. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditChainStatus {

    private Long observedGeneration;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
