package io.auditseal;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.operator.crd.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.fs.DirectoryStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/** Builds the object store a chain's spec names. A relative directory path is under the data directory. */
@ApplicationScoped
public class ChainStores {

    private final Path dataDir;

    public ChainStores(ServeConfig config) {
        this.dataDir = config.dataDir();
    }

    public ObjectStore forChain(RegisteredChain chain) throws ChainConfigException {
        StorageSpec storage = chain.spec().getStorage();
        if (storage.getDirectory() != null) {
            return new DirectoryStore(dataDir.resolve(storage.getDirectory().getPath()));
        }
        throw new ChainConfigException("AuditChain " + chain.id() + ": S3 storage is not available in this build yet");
    }
}
