package io.auditseal.chain;

import java.util.Objects;
import java.util.Optional;

/** Where a chain's seals are written: exactly one kind of store. */
public sealed interface StorageSettings {

    /** A local directory; a relative path is under the data directory. Written once, but nothing stops deletion. */
    record Directory(String path) implements StorageSettings {
        public Directory {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * An S3 bucket (with Object Lock for real use). The keys are read from their Secret each time a store opens, so
     * rotated keys take effect; a chain without them is still registered (its records are journaled) but its storage
     * is refused until they are named.
     */
    record S3(String endpoint, Optional<String> region, String bucket, Optional<String> prefix, boolean pathStyle,
              Optional<S3Keys> keys) implements StorageSettings {
        public S3 {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(bucket, "bucket");
        }

        /** The prefix as it begins object keys: "" or "some/prefix/". */
        public String keyPrefix() {
            return prefix.map(p -> p.replaceAll("^/+|/+$", "")).filter(p -> !p.isEmpty()).map(p -> p + "/").orElse("");
        }
    }

    /** Where the S3 access key pair is kept. */
    record S3Keys(SecretRef accessKeyId, SecretRef secretAccessKey) {
    }
}
