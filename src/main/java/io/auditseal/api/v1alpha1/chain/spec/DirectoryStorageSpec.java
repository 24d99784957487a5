package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A local directory store: same layout as S3, files written once and made read-only, but NOT tamper-proof. */
public class DirectoryStorageSpec {

    @Required
    @JsonPropertyDescription("Directory on the sink's file system; a relative path is under the data directory. Not immutable "
            + "storage: anyone with access can edit it.")
    private String path;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
