package io.auditseal;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.operator.crd.v1alpha1.chain.spec.S3CredentialsRef;
import io.auditseal.operator.crd.v1alpha1.chain.spec.S3StorageSpec;
import io.auditseal.operator.crd.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.S3StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Builds the object store a chain's spec names. A relative directory path is under the data directory. */
@ApplicationScoped
public class ChainStores {

    private final Path dataDir;
    private final ChainsStartup chains;

    public ChainStores(ServeConfig config, ChainsStartup chains) {
        this.dataDir = config.dataDir();
        this.chains = chains;
    }

    public ObjectStore forChain(RegisteredChain chain) throws ChainConfigException {
        StorageSpec storage = chain.spec().getStorage();
        if (storage.getDirectory() != null) {
            return new DirectoryStore(dataDir.resolve(storage.getDirectory().getPath()));
        }
        S3StorageSpec s3 = storage.getS3();
        S3CredentialsRef ref = s3.getCredentialsSecretRef();
        if (ref == null) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": spec.storage.s3.credentialsSecretRef is required");
        }
        String namespace = chain.id().namespace();
        String accessKey = secret(chain, namespace, ref.getName(), ref.getAccessKeyIdKey());
        String secretKey = secret(chain, namespace, ref.getName(), ref.getSecretAccessKeyKey());
        return S3Store.open(new S3StoreConfig(s3.getEndpoint(), s3.getRegion(), s3.getBucket(), s3.getPrefix(),
                s3.isPathStyle(), accessKey, secretKey));
    }

    private String secret(RegisteredChain chain, String namespace, String name, String key) throws ChainConfigException {
        byte[] value = chains.secrets().read(namespace, name, key).orElseThrow(() -> new ChainConfigException(
                "AuditChain " + chain.id() + ": spec.storage.s3.credentialsSecretRef: Secret " + namespace + "/" + name
                        + " has no key " + key));
        return new String(value, StandardCharsets.UTF_8).strip();
    }
}
