package io.auditseal.operator.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.chain.SealRecordLimits;
import io.auditseal.format.ChainId;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalException;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bounds a chain's AuditSeal records (etcd is an index, not the log store): when there are more than
 * {@code maxCount} plus a slack of a tenth (at least one), the oldest are pruned down to {@code maxCount}; with
 * {@code maxAge}, records older than that go too. Only a contiguous run of verified records from the oldest is
 * pruned: a record that failed or awaits verification is kept as evidence. Each prune is first appended to the
 * chain as a {@code SealRecordsPruned} record, so the chain itself says which records left the cluster. The slack
 * keeps that record's own seal from triggering the next prune.
 *
 * <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"SealRecordsPruned","receivedAt":"...","chain":"ns/name",
 *  "fromSequence":0,"toSequence":41,"toTreeSize":4200,"toRootHash":"...","reason":"maxCount 10000"}</pre>
 */
@Singleton
final class SealRecordPruner {

    static final String KIND = "SealRecordsPruned";

    /** The seals pruned in this round (oldest first), if any. */
    record Pruned(List<AuditSeal> seals) {
        Optional<AuditSeal> newest() {
            return seals.isEmpty() ? Optional.empty() : Optional.of(seals.get(seals.size() - 1));
        }
    }

    private final KubernetesClient client;
    private final ChainRecords records;

    SealRecordPruner(KubernetesClient client, ChainRecords records) {
        this.client = client;
        this.records = records;
    }

    /** @param oldestFirst the chain's AuditSeals sorted by sequence */
    Pruned prune(ChainId chain, String chainUid, SealRecordLimits policy, List<AuditSeal> oldestFirst, Instant now)
            throws JournalException {
        int maxCount = policy.maxCount();
        int slack = Math.max(1, maxCount / 10);
        int excess = oldestFirst.size() > maxCount + slack ? oldestFirst.size() - maxCount : 0;
        Optional<Instant> cutoff = policy.maxAge().map(now::minus);
        List<AuditSeal> prune = new ArrayList<>();
        for (AuditSeal seal : oldestFirst) {
            boolean tooMany = prune.size() < excess;
            boolean tooOld = cutoff.isPresent() && seal.getMetadata().getCreationTimestamp() != null
                    && Instant.parse(seal.getMetadata().getCreationTimestamp()).isBefore(cutoff.get());
            boolean verified = seal.getStatus() != null && Boolean.TRUE.equals(seal.getStatus().getVerified());
            if (!(tooMany || tooOld) || !verified || oldestFirst.size() - prune.size() <= 1) {
                break; // keep the newest record always, and never prune past an unverified one
            }
            prune.add(seal);
        }
        if (prune.isEmpty()) {
            return new Pruned(List.of());
        }
        AuditSeal first = prune.get(0);
        AuditSeal last = prune.get(prune.size() - 1);
        ObjectNode record = records.create(KIND, chain, now);
        record.put("fromSequence", first.getSpec().getSequence());
        record.put("toSequence", last.getSpec().getSequence());
        record.put("toTreeSize", last.getSpec().getTreeSize());
        record.put("toRootHash", last.getSpec().getRootHash());
        record.put("reason", excess > 0 ? "maxCount " + maxCount : "maxAge " + policy.maxAgeText().orElse(""));
        String id = (chainUid == null ? chain.toString() : chainUid) + "/" + KIND;
        records.append(chain, new DedupeKey(id, String.valueOf(last.getSpec().getSequence())), record);
        for (AuditSeal seal : prune) {
            client.resources(AuditSeal.class).inNamespace(chain.namespace()).withName(seal.getMetadata().getName())
                    .delete();
        }
        return new Pruned(prune);
    }
}
