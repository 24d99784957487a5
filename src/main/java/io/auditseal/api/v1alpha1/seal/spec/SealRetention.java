package io.auditseal.api.v1alpha1.seal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** The Object Lock retention read back from storage after writing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealRetention {

    @JsonPropertyDescription("COMPLIANCE or GOVERNANCE.")
    private String mode;

    @JsonPropertyDescription("Until when the objects are locked, RFC 3339.")
    private String retainUntil;

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getRetainUntil() {
        return retainUntil;
    }

    public void setRetainUntil(String retainUntil) {
        this.retainUntil = retainUntil;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealRetention o && Objects.equals(mode, o.mode)
                && Objects.equals(retainUntil, o.retainUntil);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, retainUntil);
    }
}
