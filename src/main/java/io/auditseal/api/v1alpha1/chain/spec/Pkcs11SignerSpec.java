package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** An Ed25519 key pair in a PKCS#11 token: the library, the token (by label or slot index), the key label, the PIN. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.tokenLabel) != has(self.slot)", message = "name the token by exactly one of tokenLabel or slot")
public class Pkcs11SignerSpec {

    @Required
    @JsonPropertyDescription("Absolute path of the PKCS#11 library inside the sink's pod, e.g. "
            + "/usr/lib/softhsm/libsofthsm2.so. It must be one of the libraries the sink allows "
            + "(auditseal.pkcs11.libraries; Helm value pkcs11.libraries).")
    private String library;

    @JsonPropertyDescription("Label of the token that holds the key. Exactly one of tokenLabel or slot.")
    private String tokenLabel;

    @Min(0)
    @JsonPropertyDescription("Index of the token's slot among the library's slots that hold a token, from 0. Exactly "
            + "one of tokenLabel or slot; prefer tokenLabel, since some libraries renumber slots.")
    private Integer slot;

    @Required
    @JsonPropertyDescription("Label (CKA_LABEL) of the key pair: exactly one Ed25519 private key, not extractable and "
            + "sensitive, and its public key.")
    private String keyLabel;

    @Required
    @JsonPropertyDescription("Secret key holding the token's user PIN. The Secret must be labelled "
            + "auditseal.io/chain=<chain> (or auditseal.io/any-chain=true), like every Secret a chain reads.")
    private SecretKeySelector pinSecretRef;

    public String getLibrary() {
        return library;
    }

    public void setLibrary(String library) {
        this.library = library;
    }

    public String getTokenLabel() {
        return tokenLabel;
    }

    public void setTokenLabel(String tokenLabel) {
        this.tokenLabel = tokenLabel;
    }

    public Integer getSlot() {
        return slot;
    }

    public void setSlot(Integer slot) {
        this.slot = slot;
    }

    public String getKeyLabel() {
        return keyLabel;
    }

    public void setKeyLabel(String keyLabel) {
        this.keyLabel = keyLabel;
    }

    public SecretKeySelector getPinSecretRef() {
        return pinSecretRef;
    }

    public void setPinSecretRef(SecretKeySelector pinSecretRef) {
        this.pinSecretRef = pinSecretRef;
    }
}
