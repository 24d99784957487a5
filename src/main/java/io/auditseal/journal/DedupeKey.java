package io.auditseal.journal;

/**
 * What makes two entries the same record: kube-apiserver sends each (auditID, stage) once, and a retried batch
 * sends it again. Admission records use (request uid, "Admission").
 */
public record DedupeKey(String id, String stage) {

    public DedupeKey {
        if (id == null || id.isEmpty() || stage == null || stage.isEmpty()) {
            throw new IllegalArgumentException("dedupe key needs a non-empty id and stage");
        }
    }
}
