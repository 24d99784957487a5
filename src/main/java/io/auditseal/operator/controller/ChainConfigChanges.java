package io.auditseal.operator.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.format.ChainId;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.JournalException;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Appends each new generation of an AuditChain's spec to that same chain as a {@code ChainConfigChange} record:
 * a change to what is audited is itself audited. Journaled like any received record (durable, deduplicated by
 * the resource's UID and generation), then sealed with the chain's other records.
 *
 * <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"ChainConfigChange","receivedAt":"...","chain":"ns/name",
 *  "uid":"...","generation":2,"fieldManager":{"manager":"kubectl-client-side-apply","operation":"Update",
 *  "time":"..."},"spec":{...}}</pre>
 * Who made the change is in the API server's audit event for the update; {@code fieldManager} names the client.
 */
@Singleton
final class ChainConfigChanges {

    static final String KIND = "ChainConfigChange";

    private final ChainRecords records;

    ChainConfigChanges(ChainRecords records) {
        this.records = records;
    }

    /** Journals the resource's current generation unless it already was. */
    void record(ChainId chain, AuditChain resource, Instant now) throws JournalException {
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        ObjectNode record = records.create(KIND, chain, now);
        record.put("uid", resource.getMetadata().getUid());
        record.put("generation", generation);
        lastSpecWrite(resource.getMetadata().getManagedFields()).ifPresent(entry -> {
            ObjectNode manager = record.putObject("fieldManager");
            manager.put("manager", entry.getManager());
            manager.put("operation", entry.getOperation());
            if (entry.getTime() != null) {
                manager.put("time", entry.getTime());
            }
        });
        record.set("spec", records.json().valueToTree(resource.getSpec()));
        String id = resource.getMetadata().getUid() == null ? chain.toString() : resource.getMetadata().getUid();
        records.append(chain, new DedupeKey(id, KIND + "/" + generation), record);
    }

    /** The newest managed-fields entry that is not a status write: the client that last changed the spec. */
    private static Optional<ManagedFieldsEntry> lastSpecWrite(List<ManagedFieldsEntry> entries) {
        if (entries == null) {
            return Optional.empty();
        }
        return entries.stream()
                .filter(e -> e.getSubresource() == null || e.getSubresource().isEmpty())
                .max(Comparator.comparing(e -> e.getTime() == null ? "" : e.getTime()));
    }
}
