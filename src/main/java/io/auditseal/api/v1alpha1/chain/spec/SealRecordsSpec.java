package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Bounds on the AuditSeal resources kept in the cluster: etcd is an index, not a log store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealRecordsSpec {

    public static final int DEFAULT_MAX_COUNT = 10_000;

    @Min(1)
    @JsonPropertyDescription("Most AuditSeal resources kept for this chain; the oldest are pruned first. Default 10000.")
    private Integer maxCount;

    @JsonPropertyDescription("Optional: prune AuditSeal resources older than this duration, e.g. 720h.")
    private String maxAge;

    public int getMaxCount() {
        return maxCount == null ? DEFAULT_MAX_COUNT : maxCount;
    }

    public void setMaxCount(Integer maxCount) {
        this.maxCount = maxCount;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }
}
