package io.auditseal.cli;

import io.auditseal.format.ChainId;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.S3StoreConfig;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The options every offline command shares: which chain, where its seals are, and the key the user trusts. */
public final class ChainSource {

    @Option(names = "--chain", required = true, paramLabel = "NAMESPACE/NAME", description = "The chain.")
    String chain;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--store-dir", paramLabel = "DIR", description = "A directory store.")
        Path storeDir;

        @ArgGroup(exclusive = false)
        S3Source s3;
    }

    static final class S3Source {
        @Option(names = "--s3-endpoint", required = true, paramLabel = "URL", description = "S3 endpoint URL.")
        String endpoint;

        @Option(names = "--bucket", required = true, description = "Bucket name.")
        String bucket;

        @Option(names = "--region", defaultValue = "us-east-1", description = "Region (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--prefix", defaultValue = "", description = "Key prefix inside the bucket.")
        String prefix;

        @Option(names = "--path-style", description = "Path-style requests (MinIO, Ceph).")
        boolean pathStyle;

        @Option(names = "--access-key", description = "Access key ID (default: $AWS_ACCESS_KEY_ID).")
        String accessKey;

        @Option(names = "--secret-key", description = "Secret access key (default: $AWS_SECRET_ACCESS_KEY).")
        String secretKey;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    VerifierKeyOptions key;

    ChainId chainId() {
        return ChainId.parse(chain);
    }

    NoteVerifier verifier() throws IOException, MalformedNoteException {
        return key.verifier();
    }

    /** The trusted keys: the chain's first key, or a set (see {@link VerifierKeyOptions#verifiers}). */
    java.util.List<NoteVerifier> verifiers() throws IOException, MalformedNoteException {
        return key.verifiers();
    }

    boolean locks() {
        return source.s3 != null;
    }

    ObjectStore openStore() {
        if (source.storeDir != null) {
            if (!Files.isDirectory(source.storeDir)) {
                throw new IllegalArgumentException("--store-dir " + source.storeDir + " is not a directory");
            }
            return new DirectoryStore(source.storeDir);
        }
        S3Source s3 = source.s3;
        String access = s3.accessKey != null ? s3.accessKey : System.getenv("AWS_ACCESS_KEY_ID");
        String secret = s3.secretKey != null ? s3.secretKey : System.getenv("AWS_SECRET_ACCESS_KEY");
        if (access == null || secret == null) {
            throw new IllegalArgumentException(
                    "S3 credentials: give --access-key/--secret-key or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        return S3Store.open(new S3StoreConfig(s3.endpoint, s3.region, s3.bucket, s3.prefix, s3.pathStyle, access, secret));
    }

    /** Closes a store opened by {@link #openStore()}, if one was. */
    static void close(ObjectStore store) {
        if (store != null) {
            store.close();
        }
    }
}
