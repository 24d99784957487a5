package io.auditseal.api.v1alpha1.chain.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** One checkpoint signing key of a chain and the part of the chain it signs or signed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChainKey {

    @JsonPropertyDescription("The key's verifier key (signed-note vkey).")
    private String publicKey;

    @JsonPropertyDescription("The tree size of the first checkpoint it signed (0 for the chain's first key; for a later "
            + "key, the size of the hand-over checkpoint it signed together with the previous key).")
    private Long firstTreeSize;

    @JsonPropertyDescription("The tree size of the last checkpoint it signed: the hand-over away from it. Absent for "
            + "the key that signs now.")
    private Long lastTreeSize;

    @JsonPropertyDescription("Set when the key was revoked: from this tree size it is not to be trusted.")
    private Long revokedFromTreeSize;

    public ChainKey() {
    }

    public ChainKey(String publicKey, Long firstTreeSize) {
        this.publicKey = publicKey;
        this.firstTreeSize = firstTreeSize;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }

    public Long getFirstTreeSize() {
        return firstTreeSize;
    }

    public void setFirstTreeSize(Long firstTreeSize) {
        this.firstTreeSize = firstTreeSize;
    }

    public Long getLastTreeSize() {
        return lastTreeSize;
    }

    public void setLastTreeSize(Long lastTreeSize) {
        this.lastTreeSize = lastTreeSize;
    }

    public Long getRevokedFromTreeSize() {
        return revokedFromTreeSize;
    }

    public void setRevokedFromTreeSize(Long revokedFromTreeSize) {
        this.revokedFromTreeSize = revokedFromTreeSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainKey k && Objects.equals(publicKey, k.publicKey)
                && Objects.equals(firstTreeSize, k.firstTreeSize) && Objects.equals(lastTreeSize, k.lastTreeSize)
                && Objects.equals(revokedFromTreeSize, k.revokedFromTreeSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(publicKey, firstTreeSize, lastTreeSize, revokedFromTreeSize);
    }
}
