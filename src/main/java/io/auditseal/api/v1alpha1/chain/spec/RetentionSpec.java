package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.auditseal.store.RetentionMode;
import io.fabric8.generator.annotation.Min;

/** Object Lock retention of sealed objects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {

    public static final int DEFAULT_DAYS = 365;

    @JsonPropertyDescription("COMPLIANCE (default: nobody, not even the bucket owner, can delete or shorten) or GOVERNANCE.")
    private RetentionMode mode;

    @Min(1)
    @JsonPropertyDescription("Days each sealed object stays locked. Default 365.")
    private Integer days;

    public RetentionMode getMode() {
        return mode == null ? RetentionMode.COMPLIANCE : mode;
    }

    public void setMode(RetentionMode mode) {
        this.mode = mode;
    }

    public int getDays() {
        return days == null ? DEFAULT_DAYS : days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }
}
