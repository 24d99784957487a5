package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret in the chain's namespace with S3 credentials under two keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3CredentialsRef {

    @Required
    @JsonPropertyDescription("Secret name.")
    private String name;

    @JsonPropertyDescription("Key of the access key ID. Default AWS_ACCESS_KEY_ID.")
    private String accessKeyIdKey;

    @JsonPropertyDescription("Key of the secret access key. Default AWS_SECRET_ACCESS_KEY.")
    private String secretAccessKeyKey;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAccessKeyIdKey() {
        return accessKeyIdKey == null ? "AWS_ACCESS_KEY_ID" : accessKeyIdKey;
    }

    public void setAccessKeyIdKey(String accessKeyIdKey) {
        this.accessKeyIdKey = accessKeyIdKey;
    }

    public String getSecretAccessKeyKey() {
        return secretAccessKeyKey == null ? "AWS_SECRET_ACCESS_KEY" : secretAccessKeyKey;
    }

    public void setSecretAccessKeyKey(String secretAccessKeyKey) {
        this.secretAccessKeyKey = secretAccessKeyKey;
    }
}
