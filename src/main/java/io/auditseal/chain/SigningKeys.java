package io.auditseal.chain;

import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.NoteSigner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The checkpoint signing key of a chain: from the Secret its spec names or, in standalone mode without one, a key
 * generated once and kept under the data directory ({@code keys/<namespace>-<name>.key}, mode 0600, with the
 * verifier key beside it). The key's name must be the chain's origin.
 */
public final class SigningKeys {

    private final SecretSource secrets;
    private final Path keyDirectory;

    public SigningKeys(SecretSource secrets, Path keyDirectory) {
        this.secrets = secrets;
        this.keyDirectory = keyDirectory;
    }

    public NoteSigner forChain(RegisteredChain chain) throws ChainConfigException {
        Optional<SecretRef> ref = chain.settings().signingKey();
        NoteSigner signer = ref.isPresent() ? fromSecret(chain, ref.get()) : local(chain);
        if (!signer.name().equals(chain.origin())) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": signing key is named " + signer.name()
                    + " but the chain's origin is " + chain.origin() + "; the key name must be the origin");
        }
        return signer;
    }

    /** Where the generated verifier key of a standalone chain is written. */
    public Path verifierKeyFile(RegisteredChain chain) {
        return keyDirectory.resolve(chain.id().namespace() + "-" + chain.id().name() + ".vkey");
    }

    private Ed25519PrivateKey fromSecret(RegisteredChain chain, SecretRef ref) throws ChainConfigException {
        byte[] value = secrets.read(chain.id(), ref.name(), ref.key()).orElseThrow(() ->
                new ChainConfigException("AuditChain " + chain.id() + ": spec.signingKeySecretRef: Secret "
                        + chain.id().namespace() + "/" + ref.name() + " has no key " + ref.key()));
        try {
            return Ed25519PrivateKey.parse(new String(value, StandardCharsets.UTF_8));
        } catch (MalformedNoteException e) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": the signing key in Secret " + ref.name()
                    + " is not a signed-note private key: " + e.getMessage());
        }
    }

    private Ed25519PrivateKey local(RegisteredChain chain) throws ChainConfigException {
        Path keyFile = keyDirectory.resolve(chain.id().namespace() + "-" + chain.id().name() + ".key");
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyDirectory);
                Ed25519PrivateKey generated = Ed25519PrivateKey.generate(chain.origin(), new SecureRandom());
                try {
                    Files.writeString(keyFile, generated.encode() + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                    Files.writeString(verifierKeyFile(chain), generated.verifier().encode() + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // Another start made it first: use that one.
                }
            }
            return Ed25519PrivateKey.parse(Files.readString(keyFile));
        } catch (IOException e) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": cannot read or create signing key "
                    + keyFile + ": " + e.getMessage(), e);
        } catch (MalformedNoteException e) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": " + keyFile + " is not a signed-note private key: "
                    + e.getMessage());
        }
    }
}
