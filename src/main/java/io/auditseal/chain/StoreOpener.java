package io.auditseal.chain;

import io.auditseal.store.ObjectStore;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.S3StoreConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Opens the object store a chain's settings name. S3 keys are read from their Secret at every open, so a store
 * opened after a rotation uses the new keys. A relative directory path is under the data directory.
 */
public final class StoreOpener {

    private final SecretSource secrets;
    private final Path dataDir;

    public StoreOpener(SecretSource secrets, Path dataDir) {
        this.secrets = secrets;
        this.dataDir = dataDir;
    }

    /** A new store the caller owns and must close. */
    public ObjectStore open(ChainSettings chain) throws ChainConfigException {
        if (chain.storage() instanceof StorageSettings.Directory directory) {
            return new DirectoryStore(dataDir.resolve(directory.path()));
        }
        StorageSettings.S3 s3 = (StorageSettings.S3) chain.storage();
        StorageSettings.S3Keys keys = s3.keys().orElseThrow(() -> new ChainConfigException(
                "AuditChain " + chain.id() + ": spec.storage.s3.credentialsSecretRef is required"));
        String accessKey = secret(chain, keys.accessKeyId());
        String secretKey = secret(chain, keys.secretAccessKey());
        return S3Store.open(new S3StoreConfig(s3.endpoint(), s3.region().orElse(null), s3.bucket(),
                s3.prefix().orElse(null), s3.pathStyle(), accessKey, secretKey));
    }

    private String secret(ChainSettings chain, SecretRef ref) throws ChainConfigException {
        String namespace = chain.id().namespace();
        byte[] value = secrets.read(chain.id(), ref.name(), ref.key()).orElseThrow(() -> new ChainConfigException(
                "AuditChain " + chain.id() + ": spec.storage.s3.credentialsSecretRef: Secret " + namespace + "/"
                        + ref.name() + " has no key " + ref.key()));
        return new String(value, StandardCharsets.UTF_8).strip();
    }
}
