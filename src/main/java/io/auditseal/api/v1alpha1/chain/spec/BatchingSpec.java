package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When the sequencer cuts a seal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchingSpec {

    public static final int DEFAULT_MAX_RECORDS = 10_000;
    /** Below kube-apiserver's default 30 s batch wait, so a seal follows its events within one apiserver batch. */
    public static final String DEFAULT_MAX_DELAY = "10s";
    /** Bounds what sealing holds in memory by bytes, whatever the records' sizes. */
    public static final String DEFAULT_MAX_SIZE = "64Mi";

    @Min(1)
    @Max(1_000_000)
    @JsonPropertyDescription("Most records in one seal. Default 10000.")
    private Integer maxRecords;

    @JsonPropertyDescription("Longest time a record waits to be sealed, as a duration such as 10s. Default 10s.")
    private String maxDelay;

    @JsonPropertyDescription("Records' bytes at which a seal is cut, as a quantity such as 64Mi (the seal ends with the "
            + "record that reaches it, so one larger record gets a seal of its own). Default 64Mi.")
    private String maxSize;

    public String getMaxSize() {
        return maxSize == null ? DEFAULT_MAX_SIZE : maxSize;
    }

    public void setMaxSize(String maxSize) {
        this.maxSize = maxSize;
    }

    public int getMaxRecords() {
        return maxRecords == null ? DEFAULT_MAX_RECORDS : maxRecords;
    }

    public void setMaxRecords(Integer maxRecords) {
        this.maxRecords = maxRecords;
    }

    public String getMaxDelay() {
        return maxDelay == null ? DEFAULT_MAX_DELAY : maxDelay;
    }

    public void setMaxDelay(String maxDelay) {
        this.maxDelay = maxDelay;
    }
}
