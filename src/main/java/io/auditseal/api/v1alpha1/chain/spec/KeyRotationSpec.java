package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * A hand-over of the chain's checkpoint signing from a previous key to the one signingKeySecretRef or signer names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyRotationSpec {

    @JsonPropertyDescription("Secret key holding the previous signing key (signed-note private key format), when it "
            + "was held in a Secret. Exactly one of previousSigningKeySecretRef or previousSigner.")
    private SecretKeySelector previousSigningKeySecretRef;

    @JsonPropertyDescription("The previous signing key, when it was held in a PKCS#11 token.")
    private SignerSpec previousSigner;

    @Min(0)
    @JsonPropertyDescription("Revocation: the previous key was, or may have been, compromised, and checkpoints it "
            + "alone signed for trees larger than this are not to be trusted. At most the chain's tree size at the "
            + "hand-over. Absent for a routine rotation.")
    private Long revokedFromTreeSize;

    public SecretKeySelector getPreviousSigningKeySecretRef() {
        return previousSigningKeySecretRef;
    }

    public void setPreviousSigningKeySecretRef(SecretKeySelector previousSigningKeySecretRef) {
        this.previousSigningKeySecretRef = previousSigningKeySecretRef;
    }

    public SignerSpec getPreviousSigner() {
        return previousSigner;
    }

    public void setPreviousSigner(SignerSpec previousSigner) {
        this.previousSigner = previousSigner;
    }

    public Long getRevokedFromTreeSize() {
        return revokedFromTreeSize;
    }

    public void setRevokedFromTreeSize(Long revokedFromTreeSize) {
        this.revokedFromTreeSize = revokedFromTreeSize;
    }
}
