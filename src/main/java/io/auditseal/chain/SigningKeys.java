package io.auditseal.chain;

import io.auditseal.format.ChainId;
import io.auditseal.hsm.HsmException;
import io.auditseal.hsm.Pkcs11Config;
import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteSigner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checkpoint signing key of a chain: from the Secret its spec names, from a PKCS#11 token, or, in standalone
 * mode without either, a key generated once and kept under the data directory ({@code keys/<namespace>-<name>.key},
 * mode 0600, with the verifier key beside it). The key's name must be the chain's origin.
 *
 * <p>A PKCS#11 signer is opened once per chain and kept (opening logs in to the token and looks the key up, too much
 * for every reconcile); it is closed when the chain names another key, changes its origin, or is released. Only
 * the PKCS#11 libraries this sink was configured with are loaded: whoever may write an AuditChain must not make
 * the sink load a library of their choosing.
 */
public final class SigningKeys implements AutoCloseable {

    private static final String PKCS11_FIELD = "spec.signer.pkcs11";

    private final SecretSource secrets;
    private final Path keyDirectory;
    private final Set<Path> pkcs11Libraries;
    /** The open PKCS#11 signers of each chain (its key, and the previous key of a rotation). Guarded by this. */
    private final Map<Slot, OpenSigner> open = new HashMap<>();

    private record OpenSigner(SigningSettings.Pkcs11 settings, String origin, Pkcs11Signer signer) {
    }

    /** A chain's signing key, or the previous key its rotation hands over from. */
    private record Slot(ChainId chain, boolean previous) {
    }

    /** Signing keys without PKCS#11: a chain naming a PKCS#11 key is refused. */
    public SigningKeys(SecretSource secrets, Path keyDirectory) {
        this(secrets, keyDirectory, List.of());
    }

    /** @param pkcs11Libraries the PKCS#11 libraries chains may name, as absolute paths */
    public SigningKeys(SecretSource secrets, Path keyDirectory, List<Path> pkcs11Libraries) {
        this.secrets = secrets;
        this.keyDirectory = keyDirectory;
        this.pkcs11Libraries = pkcs11Libraries.stream().map(Path::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** The chain's signer; a PKCS#11 one stays owned by this class (do not close it). */
    public NoteSigner forChain(RegisteredChain chain) throws ChainConfigException {
        SigningSettings settings = chain.settings().signing();
        NoteSigner signer;
        if (settings instanceof SigningSettings.Secret secret) {
            signer = fromSecret(chain, secret.key(), "spec.signingKeySecretRef");
        } else if (settings instanceof SigningSettings.Pkcs11 pkcs11) {
            signer = pkcs11(chain, new Slot(chain.id(), false), pkcs11, PKCS11_FIELD);
        } else {
            signer = local(chain);
        }
        return named(chain, signer, "signing key");
    }

    /**
     * The key the chain's configured rotation hands over from, if one is configured (a PKCS#11 one stays owned by
     * this class). Must be named for the chain's origin, as every key of the chain.
     */
    public Optional<NoteSigner> previousForChain(RegisteredChain chain) throws ChainConfigException {
        Optional<KeyRotationSettings> rotation = chain.settings().rotation();
        if (rotation.isEmpty()) {
            releasePrevious(chain.id());
            return Optional.empty();
        }
        SigningSettings previous = rotation.get().previous();
        NoteSigner signer;
        if (previous instanceof SigningSettings.Secret secret) {
            signer = fromSecret(chain, secret.key(), "spec.keyRotation.previousSigningKeySecretRef");
        } else if (previous instanceof SigningSettings.Pkcs11 pkcs11) {
            signer = pkcs11(chain, new Slot(chain.id(), true), pkcs11, "spec.keyRotation.previousSigner.pkcs11");
        } else {
            throw new IllegalStateException("logic error: a previous key is always named");
        }
        return Optional.of(named(chain, signer, "previous signing key"));
    }

    private static NoteSigner named(RegisteredChain chain, NoteSigner signer, String what) throws ChainConfigException {
        if (!signer.name().equals(chain.origin())) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": " + what + " is named " + signer.name()
                    + " but the chain's origin is " + chain.origin() + "; the key name must be the origin");
        }
        return signer;
    }

    private synchronized void releasePrevious(ChainId chain) {
        OpenSigner signer = open.remove(new Slot(chain, true));
        if (signer != null) {
            signer.signer().close();
        }
    }

    /** Where the generated verifier key of a standalone chain is written. */
    public Path verifierKeyFile(RegisteredChain chain) {
        return keyDirectory.resolve(chain.id().namespace() + "-" + chain.id().name() + ".vkey");
    }

    /** Closes the chain's PKCS#11 signer, if it has one open: the chain is gone. */
    public synchronized void release(ChainId chain) {
        for (boolean previous : new boolean[] {false, true}) {
            OpenSigner signer = open.remove(new Slot(chain, previous));
            if (signer != null) {
                signer.signer().close();
            }
        }
    }

    /** Closes every PKCS#11 signer (the sink stops). */
    @Override
    public synchronized void close() {
        open.values().forEach(signer -> signer.signer().close());
        open.clear();
    }

    private synchronized Pkcs11Signer pkcs11(RegisteredChain chain, Slot slot, SigningSettings.Pkcs11 settings,
                                             String field) throws ChainConfigException {
        OpenSigner current = open.get(slot);
        if (current != null && current.settings().equals(settings) && current.origin().equals(chain.origin())) {
            return current.signer();
        }
        Path library = Path.of(settings.library()).normalize();
        if (!library.isAbsolute() || !pkcs11Libraries.contains(library)) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": " + field + ".library " + library
                    + " is not a PKCS#11 library this sink may load (auditseal.pkcs11.libraries: "
                    + (pkcs11Libraries.isEmpty() ? "none" : pkcs11Libraries.stream().map(Path::toString).sorted()
                    .collect(Collectors.joining(", "))) + "); its administrator lists the libraries chains may name");
        }
        char[] pin = pin(chain, settings.pin(), field);
        Pkcs11Signer signer;
        try {
            signer = Pkcs11Signer.open(new Pkcs11Config(library, settings.token(), settings.keyLabel(), pin),
                    chain.origin());
        } catch (HsmException | IllegalArgumentException e) {
            // The signer open before, if any, stays: a spec that names an unusable key must not stop the sealer
            // that runs with the last usable one.
            throw new ChainConfigException("AuditChain " + chain.id() + ": " + field + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
        open.put(slot, new OpenSigner(settings, chain.origin(), signer));
        if (current != null) {
            // Replaced: a sealer still signing with it fails as retryable, and is restarted with the new key.
            current.signer().close();
        }
        return signer;
    }

    private char[] pin(RegisteredChain chain, SecretRef ref, String field) throws ChainConfigException {
        byte[] value = secrets.read(chain.id(), ref.name(), ref.key()).orElseThrow(() ->
                new ChainConfigException("AuditChain " + chain.id() + ": " + field + ".pinSecretRef: Secret "
                        + chain.id().namespace() + "/" + ref.name() + " has no key " + ref.key()));
        try {
            return Pkcs11Config.pin(value);
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + chain.id() + ": " + field + ".pinSecretRef: Secret "
                    + chain.id().namespace() + "/" + ref.name() + " key " + ref.key() + ": " + e.getMessage());
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    private Ed25519PrivateKey fromSecret(RegisteredChain chain, SecretRef ref, String field) throws ChainConfigException {
        byte[] value = secrets.read(chain.id(), ref.name(), ref.key()).orElseThrow(() ->
                new ChainConfigException("AuditChain " + chain.id() + ": " + field + ": Secret "
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
