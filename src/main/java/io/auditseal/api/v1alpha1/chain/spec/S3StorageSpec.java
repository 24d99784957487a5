package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An S3-compatible bucket with Object Lock. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3StorageSpec {

    @Required
    @JsonPropertyDescription("Endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com or http://minio.minio:9000.")
    private String endpoint;

    @JsonPropertyDescription("Region. Default us-east-1.")
    private String region;

    @Required
    @JsonPropertyDescription("Bucket name. The bucket must have Object Lock (and so versioning) enabled.")
    private String bucket;

    @JsonPropertyDescription("Optional key prefix inside the bucket, without a trailing slash.")
    private String prefix;

    @JsonPropertyDescription("Use path-style requests (MinIO, Ceph). Default true.")
    private Boolean pathStyle;

    @Required
    @JsonPropertyDescription("Secret holding the access key ID and secret access key.")
    private S3CredentialsRef credentialsSecretRef;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region == null ? "us-east-1" : region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public boolean isPathStyle() {
        return pathStyle == null || pathStyle;
    }

    public Boolean getPathStyle() {
        return pathStyle;
    }

    public void setPathStyle(Boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public S3CredentialsRef getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(S3CredentialsRef credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }
}
