package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.util.List;

/** Credentials a sender must present: a bearer token, a listed client certificate, or either. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

    @JsonPropertyDescription("Secret key holding the bearer token senders present (Authorization: Bearer ...).")
    private SecretKeySelector tokenSecretRef;

    @JsonPropertyDescription("TLS client certificates accepted: each entry matches the certificate's subject DN (RFC 2253, "
            + "e.g. CN=kube-apiserver,O=system) or one of its DNS/URI subject alternative names.")
    private List<String> clientCertificateSubjects;

    public SecretKeySelector getTokenSecretRef() {
        return tokenSecretRef;
    }

    public void setTokenSecretRef(SecretKeySelector tokenSecretRef) {
        this.tokenSecretRef = tokenSecretRef;
    }

    public List<String> getClientCertificateSubjects() {
        return clientCertificateSubjects == null ? List.of() : clientCertificateSubjects;
    }

    public void setClientCertificateSubjects(List<String> clientCertificateSubjects) {
        this.clientCertificateSubjects = clientCertificateSubjects;
    }
}
