package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a checkpoint signing key is held, when not in a Secret: one kind per field, exactly one set. Also the type
 * of any other signer a chain may name later (a previous key during rotation).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.pkcs11)", message = "a signer names where its key is: pkcs11")
public class SignerSpec {

    @JsonPropertyDescription("An Ed25519 key pair in a PKCS#11 token (an HSM, or SoftHSM for trials): the private key "
            + "never leaves the token. Create one with `auditseal keygen --pkcs11-library ...`.")
    private Pkcs11SignerSpec pkcs11;

    public Pkcs11SignerSpec getPkcs11() {
        return pkcs11;
    }

    public void setPkcs11(Pkcs11SignerSpec pkcs11) {
        this.pkcs11 = pkcs11;
    }
}
