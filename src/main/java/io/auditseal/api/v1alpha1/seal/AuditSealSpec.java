package io.auditseal.api.v1alpha1.seal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.auditseal.api.v1alpha1.seal.spec.SealKeyHandover;
import io.auditseal.api.v1alpha1.seal.spec.SealRetention;
import io.auditseal.api.v1alpha1.seal.spec.SealStorage;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.Objects;

/** One seal of a chain, as written and verified by the sealer. Written once; immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "an AuditSeal records a seal as written: its spec is immutable")
public class AuditSealSpec {

    @Required
    @JsonPropertyDescription("Name of the AuditChain (same namespace).")
    private String chain;

    @Required
    @JsonPropertyDescription("The seal's sequence number: 0 for the chain's first seal.")
    private Long sequence;

    @JsonPropertyDescription("Log index of the seal's first record.")
    private Long firstIndex;

    @JsonPropertyDescription("Size of the chain's log after this seal.")
    private Long treeSize;

    @JsonPropertyDescription("Records in this seal.")
    private Long recordCount;

    @JsonPropertyDescription("When the seal's first record was durably received, RFC 3339.")
    private String firstTimestamp;

    @JsonPropertyDescription("When its last record was durably received, RFC 3339.")
    private String lastTimestamp;

    @JsonPropertyDescription("RFC 6962 root (hex) of the chain's log at treeSize.")
    private String rootHash;

    @JsonPropertyDescription("RFC 6962 root (hex) of this seal's records alone.")
    private String batchRoot;

    @JsonPropertyDescription("SHA-256 (hex) of the stored manifest.json.")
    private String manifestSha256;

    @JsonPropertyDescription("SHA-256 (hex) of the previous seal's manifest; 64 zeros for sequence 0.")
    private String previousManifestSha256;

    @JsonPropertyDescription("Name of the previous seal's AuditSeal resource.")
    private String previousSeal;

    @JsonPropertyDescription("Where the seal's objects are stored.")
    private SealStorage storage;

    @JsonPropertyDescription("Object Lock retention of the stored objects.")
    private SealRetention retention;

    @JsonPropertyDescription("The signed checkpoint (C2SP signed note) for treeSize and rootHash.")
    private String checkpoint;

    @JsonPropertyDescription("Present when this seal hands the chain over to another signing key.")
    private SealKeyHandover keyHandover;

    public SealKeyHandover getKeyHandover() {
        return keyHandover;
    }

    public void setKeyHandover(SealKeyHandover keyHandover) {
        this.keyHandover = keyHandover;
    }

    public String getChain() {
        return chain;
    }

    public void setChain(String chain) {
        this.chain = chain;
    }

    public Long getSequence() {
        return sequence;
    }

    public void setSequence(Long sequence) {
        this.sequence = sequence;
    }

    public Long getFirstIndex() {
        return firstIndex;
    }

    public void setFirstIndex(Long firstIndex) {
        this.firstIndex = firstIndex;
    }

    public Long getTreeSize() {
        return treeSize;
    }

    public void setTreeSize(Long treeSize) {
        this.treeSize = treeSize;
    }

    public Long getRecordCount() {
        return recordCount;
    }

    public void setRecordCount(Long recordCount) {
        this.recordCount = recordCount;
    }

    public String getFirstTimestamp() {
        return firstTimestamp;
    }

    public void setFirstTimestamp(String firstTimestamp) {
        this.firstTimestamp = firstTimestamp;
    }

    public String getLastTimestamp() {
        return lastTimestamp;
    }

    public void setLastTimestamp(String lastTimestamp) {
        this.lastTimestamp = lastTimestamp;
    }

    public String getRootHash() {
        return rootHash;
    }

    public void setRootHash(String rootHash) {
        this.rootHash = rootHash;
    }

    public String getBatchRoot() {
        return batchRoot;
    }

    public void setBatchRoot(String batchRoot) {
        this.batchRoot = batchRoot;
    }

    public String getManifestSha256() {
        return manifestSha256;
    }

    public void setManifestSha256(String manifestSha256) {
        this.manifestSha256 = manifestSha256;
    }

    public String getPreviousManifestSha256() {
        return previousManifestSha256;
    }

    public void setPreviousManifestSha256(String previousManifestSha256) {
        this.previousManifestSha256 = previousManifestSha256;
    }

    public String getPreviousSeal() {
        return previousSeal;
    }

    public void setPreviousSeal(String previousSeal) {
        this.previousSeal = previousSeal;
    }

    public SealStorage getStorage() {
        return storage;
    }

    public void setStorage(SealStorage storage) {
        this.storage = storage;
    }

    public SealRetention getRetention() {
        return retention;
    }

    public void setRetention(SealRetention retention) {
        this.retention = retention;
    }

    public String getCheckpoint() {
        return checkpoint;
    }

    public void setCheckpoint(String checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditSealSpec o && Objects.equals(chain, o.chain)
                && Objects.equals(sequence, o.sequence)
                && Objects.equals(firstIndex, o.firstIndex)
                && Objects.equals(treeSize, o.treeSize)
                && Objects.equals(recordCount, o.recordCount)
                && Objects.equals(firstTimestamp, o.firstTimestamp)
                && Objects.equals(lastTimestamp, o.lastTimestamp)
                && Objects.equals(rootHash, o.rootHash)
                && Objects.equals(batchRoot, o.batchRoot)
                && Objects.equals(manifestSha256, o.manifestSha256)
                && Objects.equals(previousManifestSha256, o.previousManifestSha256)
                && Objects.equals(previousSeal, o.previousSeal)
                && Objects.equals(storage, o.storage)
                && Objects.equals(retention, o.retention)
                && Objects.equals(checkpoint, o.checkpoint)
                && Objects.equals(keyHandover, o.keyHandover);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, sequence, firstIndex, treeSize, recordCount, firstTimestamp, lastTimestamp, rootHash, batchRoot, manifestSha256, previousManifestSha256, previousSeal, storage, retention, checkpoint, keyHandover);
    }
}
