package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A witness (c2sp.org/tlog-witness) each new checkpoint of the chain is submitted to. */
public class WitnessSpec {

    @Required
    @JsonPropertyDescription("The witness's submission prefix: requests go to <url>/add-checkpoint (http or https).")
    private String url;

    @Required
    @JsonPropertyDescription("The witness's cosigning key, a cosignature/v1 verifier key: name+keyid+base64 of 0x04 "
            + "and the 32-byte Ed25519 public key.")
    private String vkey;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getVkey() {
        return vkey;
    }

    public void setVkey(String vkey) {
        this.vkey = vkey;
    }
}
