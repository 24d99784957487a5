package io.auditseal.api.v1alpha1.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.chain.status.ChainKey;
import io.auditseal.api.v1alpha1.chain.status.SealReference;
import io.auditseal.api.v1alpha1.chain.status.WebhookPaths;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a chain: conditions, the head of its log, and where senders reach it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditChainStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("The newest metadata.generation sealed in the chain as a ChainConfigChange record: a "
            + "spec that was invalid when edited is recorded once it becomes valid and takes effect; 0 while none "
            + "has been.")
    private Long recordedGeneration;

    @JsonPropertyDescription("Ready, StorageReady, Sealing and ChainIntact.")
    private List<StatusCondition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Records in the chain's log: the tree size of its newest checkpoint.")
    private Long treeSize;

    @JsonPropertyDescription("Seals written so far (the next seal's sequence).")
    private Long sealCount;

    @JsonPropertyDescription("The newest seal.")
    private SealReference lastSeal;

    @JsonPropertyDescription("The checkpoint verifier key (signed-note vkey). Keep a copy outside the cluster: "
            + "verifiers must not trust the cluster for it.")
    private String publicKey;

    @JsonPropertyDescription("Every checkpoint signing key the chain has had, oldest first, with the tree sizes each "
            + "signed: the hand-overs between them are sealed in the chain (docs/FORMAT.md, Key rotation).")
    private List<ChainKey> keys = new ArrayList<>();

    @JsonPropertyDescription("The sink's paths for this chain.")
    private WebhookPaths webhookPaths;

    public List<ChainKey> getKeys() {
        return keys;
    }

    public void setKeys(List<ChainKey> keys) {
        this.keys = keys == null ? new ArrayList<>() : keys;
    }

    @JsonPropertyDescription("Records durably received but not yet sealed.")
    private Long journalBacklog;

    @JsonPropertyDescription("Sequence of the oldest AuditSeal kept in the cluster; older ones were pruned (their seals stay in storage).")
    private Long oldestRetainedSeal;

    @JsonPropertyDescription("Signed checkpoint of the newest pruned seal: the retained records continue from it.")
    private String checkpointBeforeOldest;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Long getRecordedGeneration() {
        return recordedGeneration;
    }

    public void setRecordedGeneration(Long recordedGeneration) {
        this.recordedGeneration = recordedGeneration;
    }

    public List<StatusCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<StatusCondition> conditions) {
        this.conditions = conditions;
    }

    public Long getTreeSize() {
        return treeSize;
    }

    public void setTreeSize(Long treeSize) {
        this.treeSize = treeSize;
    }

    public Long getSealCount() {
        return sealCount;
    }

    public void setSealCount(Long sealCount) {
        this.sealCount = sealCount;
    }

    public SealReference getLastSeal() {
        return lastSeal;
    }

    public void setLastSeal(SealReference lastSeal) {
        this.lastSeal = lastSeal;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }

    public WebhookPaths getWebhookPaths() {
        return webhookPaths;
    }

    public void setWebhookPaths(WebhookPaths webhookPaths) {
        this.webhookPaths = webhookPaths;
    }

    public Long getJournalBacklog() {
        return journalBacklog;
    }

    public void setJournalBacklog(Long journalBacklog) {
        this.journalBacklog = journalBacklog;
    }

    public Long getOldestRetainedSeal() {
        return oldestRetainedSeal;
    }

    public void setOldestRetainedSeal(Long oldestRetainedSeal) {
        this.oldestRetainedSeal = oldestRetainedSeal;
    }

    public String getCheckpointBeforeOldest() {
        return checkpointBeforeOldest;
    }

    public void setCheckpointBeforeOldest(String checkpointBeforeOldest) {
        this.checkpointBeforeOldest = checkpointBeforeOldest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditChainStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(recordedGeneration, s.recordedGeneration)
                && Objects.equals(conditions, s.conditions) && Objects.equals(treeSize, s.treeSize)
                && Objects.equals(sealCount, s.sealCount) && Objects.equals(lastSeal, s.lastSeal)
                && Objects.equals(publicKey, s.publicKey) && Objects.equals(webhookPaths, s.webhookPaths)
                && Objects.equals(journalBacklog, s.journalBacklog)
                && Objects.equals(oldestRetainedSeal, s.oldestRetainedSeal)
                && Objects.equals(checkpointBeforeOldest, s.checkpointBeforeOldest) && Objects.equals(keys, s.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, recordedGeneration, conditions, treeSize, sealCount, lastSeal, publicKey, webhookPaths,
                journalBacklog, oldestRetainedSeal, checkpointBeforeOldest, keys);
    }
}
