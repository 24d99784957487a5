package io.auditseal.api.v1alpha1.seal.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** A witness's cosignature of a seal's checkpoint, as stored beside the seal and checked by the operator. */
public class SealCosignature {

    @JsonPropertyDescription("The witness's key name.")
    private String witness;

    @JsonPropertyDescription("When the witness cosigned (its timestamp), RFC 3339.")
    private String time;

    @JsonPropertyDescription("The cosignature as a signed-note signature line (cosignature/v1).")
    private String signature;

    public SealCosignature() {
    }

    public SealCosignature(String witness, String time, String signature) {
        this.witness = witness;
        this.time = time;
        this.signature = signature;
    }

    public String getWitness() {
        return witness;
    }

    public void setWitness(String witness) {
        this.witness = witness;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealCosignature c && Objects.equals(witness, c.witness) && Objects.equals(time, c.time)
                && Objects.equals(signature, c.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(witness, time, signature);
    }
}
