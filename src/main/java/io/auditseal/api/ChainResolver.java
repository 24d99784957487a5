package io.auditseal.api;

import com.fasterxml.jackson.core.JsonPointer;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainSpec;
import io.auditseal.api.v1alpha1.chain.spec.AuthSpec;
import io.auditseal.api.v1alpha1.chain.spec.BatchingSpec;
import io.auditseal.api.v1alpha1.chain.spec.RedactionRuleSpec;
import io.auditseal.api.v1alpha1.chain.spec.RedactionSpec;
import io.auditseal.api.v1alpha1.chain.spec.RetentionSpec;
import io.auditseal.api.v1alpha1.chain.spec.Pkcs11SignerSpec;
import io.auditseal.api.v1alpha1.chain.spec.S3CredentialsRef;
import io.auditseal.api.v1alpha1.chain.spec.S3StorageSpec;
import io.auditseal.api.v1alpha1.chain.spec.SealRecordsSpec;
import io.auditseal.api.v1alpha1.chain.spec.KeyRotationSpec;
import io.auditseal.api.v1alpha1.chain.spec.SignerSpec;
import io.auditseal.api.v1alpha1.chain.spec.WitnessSpec;
import io.auditseal.api.v1alpha1.chain.spec.StorageSpec;
import io.auditseal.chain.BatchPolicy;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.ChainCredentials;
import io.auditseal.chain.ChainSettings;
import io.auditseal.chain.RedactionRules;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SealRecordLimits;
import io.auditseal.chain.SecretRef;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.KeyRotationSettings;
import io.auditseal.chain.SigningSettings;
import io.auditseal.chain.WitnessSettings;
import io.auditseal.chain.StorageSettings;
import io.auditseal.format.ChainId;
import io.auditseal.hsm.TokenSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Turns an AuditChain resource into a {@link RegisteredChain}: validates what the sink needs and resolves the
 * credentials it references. Shared by standalone mode and the operator, so both accept exactly the same chains.
 */
public final class ChainResolver {

    private final SecretSource secrets;

    public ChainResolver(SecretSource secrets) {
        this.secrets = secrets;
    }

    public RegisteredChain resolve(AuditChain resource) throws ChainConfigException {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        ChainId id;
        try {
            id = new ChainId(namespace, name);
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + namespace + "/" + name + ": " + e.getMessage());
        }
        AuditChainSpec spec = resource.getSpec();
        if (spec == null) {
            throw new ChainConfigException("AuditChain " + id + " has no spec");
        }
        if (spec.getClusterName() == null || spec.getClusterName().isBlank()) {
            throw new ChainConfigException("AuditChain " + id + ": spec.clusterName is required");
        }
        if (spec.getStorage() == null || (spec.getStorage().getS3() == null) == (spec.getStorage().getDirectory() == null)) {
            throw new ChainConfigException("AuditChain " + id + ": spec.storage needs exactly one of s3 or directory");
        }
        AuthSpec auth = spec.getAuth();
        Optional<String> token = Optional.empty();
        SecretKeySelector tokenRef = auth.getTokenSecretRef();
        if (tokenRef != null) {
            byte[] value = secrets.read(id, tokenRef.getName(), tokenRef.getKey()).orElseThrow(() ->
                    new ChainConfigException("AuditChain " + id + ": spec.auth.tokenSecretRef: Secret "
                            + namespace + "/" + tokenRef.getName() + " has no key " + tokenRef.getKey()));
            token = Optional.of(new String(value, StandardCharsets.UTF_8).strip());
        }
        ChainCredentials credentials;
        try {
            credentials = ChainCredentials.of(token, new HashSet<>(auth.getClientCertificateSubjects()));
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + id + ": spec.auth: " + e.getMessage());
        }
        Long generation = resource.getMetadata().getGeneration();
        ChainSettings settings;
        try {
            settings = settings(id, generation == null ? 0 : generation, spec);
        } catch (IllegalArgumentException e) {
            throw new ChainConfigException("AuditChain " + id + ": " + e.getMessage());
        }
        return new RegisteredChain(settings, credentials);
    }

    /** The spec, defaults applied and durations parsed; throws IllegalArgumentException naming what is wrong. */
    static ChainSettings settings(ChainId id, long generation, AuditChainSpec spec) {
        String origin = spec.getOrigin() == null || spec.getOrigin().isBlank() ? id.defaultOrigin() : spec.getOrigin();
        RetentionSpec retention = spec.getRetention();
        BatchingSpec batch = spec.getBatch();
        SealRecordsSpec sealRecords = spec.getSealRecords();
        Optional<String> maxAge = Optional.ofNullable(sealRecords.getMaxAge());
        return new ChainSettings(id, generation, spec.getClusterName(), Optional.ofNullable(spec.getClusterUID()),
                origin, storage(spec.getStorage()), retention.getMode(), Duration.ofDays(retention.getDays()),
                new BatchPolicy(batch.getMaxRecords(), bytes("spec.batch.maxSize", batch.getMaxSize()),
                        field("spec.batch.maxDelay", batch.getMaxDelay())),
                signing(spec),
                spec.isFailClosed(), field("spec.verifyInterval", spec.getVerifyInterval()),
                new SealRecordLimits(sealRecords.getMaxCount(),
                        maxAge.map(text -> field("spec.sealRecords.maxAge", text)), maxAge),
                redaction(spec.getRedaction()), rotation(spec), witnesses(spec));
    }

    /** The hand-over from a previous key, if the spec configures one; exactly one previous key is named. */
    private static Optional<KeyRotationSettings> rotation(AuditChainSpec spec) {
        KeyRotationSpec rotation = spec.getKeyRotation();
        if (rotation == null) {
            return Optional.empty();
        }
        SecretKeySelector secret = rotation.getPreviousSigningKeySecretRef();
        if ((secret == null) == (rotation.getPreviousSigner() == null)) {
            throw new IllegalArgumentException("spec.keyRotation: name the previous key by exactly one of "
                    + "previousSigningKeySecretRef or previousSigner");
        }
        SigningSettings previous = secret != null ? new SigningSettings.Secret(new SecretRef(secret.getName(),
                secret.getKey())) : signer("spec.keyRotation.previousSigner", rotation.getPreviousSigner());
        if (previous.equals(signing(spec))) {
            throw new IllegalArgumentException("spec.keyRotation names the same key as the chain's signing key: a "
                    + "rotation hands over to another key");
        }
        Long revoked = rotation.getRevokedFromTreeSize();
        if (revoked != null && revoked < 0) {
            throw new IllegalArgumentException("spec.keyRotation.revokedFromTreeSize " + revoked + " is negative");
        }
        return Optional.of(new KeyRotationSettings(previous,
                revoked == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(revoked)));
    }

    /** The witnesses, each with an http(s) URL and a cosignature/v1 key. */
    private static List<WitnessSettings> witnesses(AuditChainSpec spec) {
        if (spec.getWitnesses() == null) {
            return List.of();
        }
        List<WitnessSettings> witnesses = new java.util.ArrayList<>();
        for (int i = 0; i < spec.getWitnesses().size(); i++) {
            WitnessSpec witness = spec.getWitnesses().get(i);
            String field = "spec.witnesses[" + i + "]";
            String url = witness.getUrl();
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException(field + ".url: \"" + url + "\" is not an http or https URL");
            }
            try {
                java.net.URI.create(url);
                io.auditseal.tlog.note.CosignatureVerifier.parse(witness.getVkey() == null ? "" : witness.getVkey());
            } catch (IllegalArgumentException | io.auditseal.tlog.note.MalformedNoteException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage());
            }
            witnesses.add(new WitnessSettings(url, witness.getVkey().strip()));
        }
        return List.copyOf(witnesses);
    }

    /** The chain's signing key: in a Secret, with a signer, or neither (then generated); never both. */
    private static SigningSettings signing(AuditChainSpec spec) {
        SecretKeySelector secret = spec.getSigningKeySecretRef();
        if (secret != null && spec.getSigner() != null) {
            throw new IllegalArgumentException("spec.signingKeySecretRef and spec.signer are mutually exclusive: name "
                    + "the signing key in one place");
        }
        if (secret != null) {
            return new SigningSettings.Secret(new SecretRef(secret.getName(), secret.getKey()));
        }
        if (spec.getSigner() != null) {
            return signer("spec.signer", spec.getSigner());
        }
        return new SigningSettings.Generated();
    }

    /**
     * The signer described at {@code field} of the spec (the chain's signer today; the same type will describe a
     * previous signer during key rotation). Throws IllegalArgumentException naming the field that is wrong.
     */
    static SigningSettings signer(String field, SignerSpec signer) {
        Pkcs11SignerSpec pkcs11 = signer.getPkcs11();
        if (pkcs11 == null) {
            throw new IllegalArgumentException(field + ": name where the key is, in " + field + ".pkcs11");
        }
        String at = field + ".pkcs11";
        String library = pkcs11.getLibrary();
        if (library == null || !library.startsWith("/")) {
            throw new IllegalArgumentException(at + ".library: \"" + library + "\" is not the absolute path of a "
                    + "PKCS#11 library, such as /usr/lib/softhsm/libsofthsm2.so");
        }
        if ((pkcs11.getTokenLabel() == null) == (pkcs11.getSlot() == null)) {
            throw new IllegalArgumentException(at + ": name the token by exactly one of tokenLabel or slot");
        }
        TokenSelector token;
        try {
            token = pkcs11.getTokenLabel() != null ? new TokenSelector.Label(pkcs11.getTokenLabel())
                    : new TokenSelector.SlotIndex(pkcs11.getSlot());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
        if (pkcs11.getKeyLabel() == null || pkcs11.getKeyLabel().isBlank()) {
            throw new IllegalArgumentException(at + ".keyLabel: the label of the key pair is required");
        }
        SecretKeySelector pin = pkcs11.getPinSecretRef();
        if (pin == null || pin.getName() == null || pin.getName().isBlank() || pin.getKey() == null
                || pin.getKey().isBlank()) {
            throw new IllegalArgumentException(at + ".pinSecretRef: the name and key of the Secret holding the "
                    + "token's PIN are required");
        }
        return new SigningSettings.Pkcs11(library, token, pkcs11.getKeyLabel(), new SecretRef(pin.getName(), pin.getKey()));
    }

    private static StorageSettings storage(StorageSpec storage) {
        if (storage.getDirectory() != null) {
            return new StorageSettings.Directory(storage.getDirectory().getPath());
        }
        S3StorageSpec s3 = storage.getS3();
        S3CredentialsRef ref = s3.getCredentialsSecretRef();
        Optional<StorageSettings.S3Keys> keys = Optional.ofNullable(ref).map(r -> new StorageSettings.S3Keys(
                new SecretRef(r.getName(), r.getAccessKeyIdKey()), new SecretRef(r.getName(), r.getSecretAccessKeyKey())));
        return new StorageSettings.S3(s3.getEndpoint(), Optional.ofNullable(s3.getRegion()), s3.getBucket(),
                Optional.ofNullable(s3.getPrefix()), s3.isPathStyle(), keys);
    }

    private static RedactionRules redaction(RedactionSpec spec) {
        List<RedactionRules.Rule> rules = new ArrayList<>();
        for (int i = 0; i < spec.getRules().size(); i++) {
            RedactionRuleSpec rule = spec.getRules().get(i);
            String field = "spec.redaction.rules[" + i + "]";
            if (rule.getResource() == null || rule.getResource().isBlank()) {
                throw new IllegalArgumentException(field + ".resource: a rule names a resource, such as configmaps");
            }
            if (rule.getPaths().isEmpty()) {
                throw new IllegalArgumentException(field + ".paths: a rule has at least one path, such as data");
            }
            List<List<String>> paths = new ArrayList<>();
            for (String path : rule.getPaths()) {
                paths.add(pointer(field + ".paths", path));
            }
            rules.add(new RedactionRules.Rule(rule.getGroup(), rule.getResource(), rule.getSubresource(), paths));
        }
        return new RedactionRules(spec.isBuiltIn(), rules);
    }

    /** The names along a JSON Pointer (RFC 6901) such as {@code /data} or {@code /metadata/annotations/a~1b}. */
    private static List<String> pointer(String field, String text) {
        List<String> names = new ArrayList<>();
        try {
            for (JsonPointer at = JsonPointer.compile(text); !at.matches(); at = at.tail()) {
                names.add(at.getMatchingProperty());
            }
        } catch (IllegalArgumentException e) {
            names.clear();
        }
        if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" is not a JSON Pointer to a member, such as "
                    + "/data or /spec/password");
        }
        return names;
    }

    /** A Kubernetes quantity of bytes, such as {@code 64Mi}; positive. */
    private static long bytes(String field, String text) {
        long bytes;
        try {
            bytes = Quantity.getAmountInBytes(new Quantity(text)).longValueExact();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" is not a quantity of bytes such as 64Mi", e);
        }
        if (bytes < 1) {
            throw new IllegalArgumentException(field + ": must be positive, was " + text);
        }
        return bytes;
    }

    private static Duration field(String field, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }
}
