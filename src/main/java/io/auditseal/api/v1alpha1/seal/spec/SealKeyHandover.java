package io.auditseal.api.v1alpha1.seal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The key hand-over a seal holds: its checkpoint is signed by both keys (docs/FORMAT.md, "Key rotation"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealKeyHandover {

    @JsonPropertyDescription("The verifier key the chain was signed with up to this seal.")
    private String previousKey;

    @JsonPropertyDescription("The verifier key that signs this seal and every later one.")
    private String nextKey;

    @JsonPropertyDescription("For a revocation: the tree size from which the previous key is not to be trusted.")
    private Long revokedFromTreeSize;

    public String getPreviousKey() {
        return previousKey;
    }

    public void setPreviousKey(String previousKey) {
        this.previousKey = previousKey;
    }

    public String getNextKey() {
        return nextKey;
    }

    public void setNextKey(String nextKey) {
        this.nextKey = nextKey;
    }

    public Long getRevokedFromTreeSize() {
        return revokedFromTreeSize;
    }

    public void setRevokedFromTreeSize(Long revokedFromTreeSize) {
        this.revokedFromTreeSize = revokedFromTreeSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealKeyHandover other && java.util.Objects.equals(previousKey, other.previousKey)
                && java.util.Objects.equals(nextKey, other.nextKey)
                && java.util.Objects.equals(revokedFromTreeSize, other.revokedFromTreeSize);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(previousKey, nextKey, revokedFromTreeSize);
    }
}
