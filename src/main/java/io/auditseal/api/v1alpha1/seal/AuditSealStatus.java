package io.auditseal.api.v1alpha1.seal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.seal.status.SealCosignature;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator last found when it verified the seal against storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditSealStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("True when the stored seal matched this record on the last check.")
    private Boolean verified;

    @JsonPropertyDescription("When the seal was last checked, RFC 3339.")
    private String lastVerified;

    @JsonPropertyDescription("When the seal's records were last re-hashed in full, RFC 3339.")
    private String lastFullVerification;

    @JsonPropertyDescription("Verified, Locked and ChainLinked.")
    private List<StatusCondition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Witness cosignatures of the seal's checkpoint kept beside it that verify with the "
            + "chain's witness keys.")
    private List<SealCosignature> cosignatures = new ArrayList<>();

    public List<SealCosignature> getCosignatures() {
        return cosignatures;
    }

    public void setCosignatures(List<SealCosignature> cosignatures) {
        this.cosignatures = cosignatures == null ? new ArrayList<>() : cosignatures;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Boolean getVerified() {
        return verified;
    }

    public void setVerified(Boolean verified) {
        this.verified = verified;
    }

    public String getLastVerified() {
        return lastVerified;
    }

    public void setLastVerified(String lastVerified) {
        this.lastVerified = lastVerified;
    }

    public String getLastFullVerification() {
        return lastFullVerification;
    }

    public void setLastFullVerification(String lastFullVerification) {
        this.lastFullVerification = lastFullVerification;
    }

    public List<StatusCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<StatusCondition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditSealStatus o && Objects.equals(observedGeneration, o.observedGeneration)
                && Objects.equals(verified, o.verified)
                && Objects.equals(lastVerified, o.lastVerified)
                && Objects.equals(lastFullVerification, o.lastFullVerification)
                && Objects.equals(conditions, o.conditions) && Objects.equals(cosignatures, o.cosignatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, verified, lastVerified, lastFullVerification, conditions, cosignatures);
    }
}
