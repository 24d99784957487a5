package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a chain's seals are written: exactly one of the two is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

    @JsonPropertyDescription("An S3 or MinIO bucket with Object Lock enabled: the tamper-proof choice.")
    private S3StorageSpec s3;

    @JsonPropertyDescription("A local directory. NOT tamper-proof: for trials and development only.")
    private DirectoryStorageSpec directory;

    public S3StorageSpec getS3() {
        return s3;
    }

    public void setS3(S3StorageSpec s3) {
        this.s3 = s3;
    }

    public DirectoryStorageSpec getDirectory() {
        return directory;
    }

    public void setDirectory(DirectoryStorageSpec directory) {
        this.directory = directory;
    }
}
