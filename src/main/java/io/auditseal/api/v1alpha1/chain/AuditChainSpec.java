package io.auditseal.api.v1alpha1.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.auditseal.api.v1alpha1.chain.spec.AuthSpec;
import io.auditseal.api.v1alpha1.chain.spec.BatchingSpec;
import io.auditseal.api.v1alpha1.chain.spec.RedactionSpec;
import io.auditseal.api.v1alpha1.chain.spec.RetentionSpec;
import io.auditseal.api.v1alpha1.chain.spec.SealRecordsSpec;
import io.auditseal.api.v1alpha1.chain.spec.KeyRotationSpec;
import io.auditseal.api.v1alpha1.chain.spec.SignerSpec;
import io.auditseal.api.v1alpha1.chain.spec.WitnessSpec;
import io.auditseal.api.v1alpha1.chain.spec.StorageSpec;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.util.List;

/** What a chain is and how it is received, sealed and verified. Getters return the defaults for absent fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.signingKeySecretRef) && has(self.signer))",
        message = "signingKeySecretRef and signer are mutually exclusive: name the signing key in one place")
public class AuditChainSpec {

    public static final String DEFAULT_VERIFY_INTERVAL = "1h";

    @Required
    @JsonPropertyDescription("Name of the source cluster whose audit events this chain records.")
    private String clusterName;

    @JsonPropertyDescription("Optional unique ID of the source cluster, e.g. the UID of its kube-system namespace.")
    private String clusterUID;

    @JsonPropertyDescription("Log origin and checkpoint key name. Default: auditseal/<namespace>/<name>. Cannot change once sealed.")
    private String origin;

    @Required
    @JsonPropertyDescription("Where seals are stored: exactly one of s3 or directory.")
    private StorageSpec storage;

    @JsonPropertyDescription("Object Lock retention of every sealed object.")
    private RetentionSpec retention;

    @JsonPropertyDescription("When a seal is cut: after maxRecords records or maxDelay, whichever comes first.")
    private BatchingSpec batch;

    @JsonPropertyDescription("Secret key holding the Ed25519 checkpoint signing key (signed-note private key format). "
            + "When absent, and no signer is named, the operator generates one into a new Secret.")
    private SecretKeySelector signingKeySecretRef;

    @JsonPropertyDescription("A checkpoint signing key held outside Secrets, such as in a PKCS#11 token. Mutually "
            + "exclusive with signingKeySecretRef.")
    private SignerSpec signer;

    @JsonPropertyDescription("Hands the chain's checkpoint signing over from a previous key to the one "
            + "signingKeySecretRef or signer names: the next seal holds a KeyRotation record and is signed by both "
            + "keys (docs/FORMAT.md). It takes effect once, while the chain's newest seal is signed by the previous "
            + "key; leaving it in place afterwards does nothing.")
    private KeyRotationSpec keyRotation;

    @JsonPropertyDescription("Witnesses (c2sp.org/tlog-witness) each new checkpoint is submitted to, with a "
            + "consistency proof; their cosignatures are kept beside the seal under its lock.")
    private List<WitnessSpec> witnesses;

    @JsonPropertyDescription("How senders (kube-apiserver, the admission webhook) authenticate to this chain.")
    private AuthSpec auth;

    @JsonPropertyDescription("Deny admission requests whose record cannot be made durable. Default false: a recorder never blocks the cluster.")
    private Boolean failClosed;

    @JsonPropertyDescription("How often seals are re-verified against storage, as a duration such as 30m or 1h. Default 1h.")
    private String verifyInterval;

    @JsonPropertyDescription("How many AuditSeal resources are kept in the cluster; older ones are pruned (the seals stay in storage).")
    private SealRecordsSpec sealRecords;

    @JsonPropertyDescription("Values removed from this chain's audit events before they are durable, beyond the built-in rules.")
    private RedactionSpec redaction;

    public String getClusterName() {
        return clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public String getClusterUID() {
        return clusterUID;
    }

    public void setClusterUID(String clusterUID) {
        this.clusterUID = clusterUID;
    }

    public String getOrigin() {
        return origin;
    }

    public void setOrigin(String origin) {
        this.origin = origin;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public RetentionSpec getRetention() {
        return retention == null ? new RetentionSpec() : retention;
    }

    public void setRetention(RetentionSpec retention) {
        this.retention = retention;
    }

    public BatchingSpec getBatch() {
        return batch == null ? new BatchingSpec() : batch;
    }

    public void setBatch(BatchingSpec batch) {
        this.batch = batch;
    }

    public SecretKeySelector getSigningKeySecretRef() {
        return signingKeySecretRef;
    }

    public void setSigningKeySecretRef(SecretKeySelector signingKeySecretRef) {
        this.signingKeySecretRef = signingKeySecretRef;
    }

    public SignerSpec getSigner() {
        return signer;
    }

    public void setSigner(SignerSpec signer) {
        this.signer = signer;
    }

    public AuthSpec getAuth() {
        return auth == null ? new AuthSpec() : auth;
    }

    public void setAuth(AuthSpec auth) {
        this.auth = auth;
    }

    public boolean isFailClosed() {
        return Boolean.TRUE.equals(failClosed);
    }

    public Boolean getFailClosed() {
        return failClosed;
    }

    public void setFailClosed(Boolean failClosed) {
        this.failClosed = failClosed;
    }

    public String getVerifyInterval() {
        return verifyInterval == null ? DEFAULT_VERIFY_INTERVAL : verifyInterval;
    }

    public void setVerifyInterval(String verifyInterval) {
        this.verifyInterval = verifyInterval;
    }

    public SealRecordsSpec getSealRecords() {
        return sealRecords == null ? new SealRecordsSpec() : sealRecords;
    }

    public void setSealRecords(SealRecordsSpec sealRecords) {
        this.sealRecords = sealRecords;
    }

    public RedactionSpec getRedaction() {
        return redaction == null ? new RedactionSpec() : redaction;
    }

    public void setRedaction(RedactionSpec redaction) {
        this.redaction = redaction;
    }

    public KeyRotationSpec getKeyRotation() {
        return keyRotation;
    }

    public void setKeyRotation(KeyRotationSpec keyRotation) {
        this.keyRotation = keyRotation;
    }

    public List<WitnessSpec> getWitnesses() {
        return witnesses;
    }

    public void setWitnesses(List<WitnessSpec> witnesses) {
        this.witnesses = witnesses;
    }
}
