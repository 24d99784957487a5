package io.auditseal.witness;

import io.auditseal.tlog.note.CosignatureVerifier;

import java.net.URI;

/**
 * A witness a chain submits its checkpoints to (c2sp.org/tlog-witness): where it takes add-checkpoint requests (its
 * submission prefix) and the key its cosignatures verify with.
 */
public record Witness(URI submissionPrefix, CosignatureVerifier key) {

    public String name() {
        return key.name();
    }

    /** {@code <submission prefix>/add-checkpoint}. */
    URI addCheckpoint() {
        String prefix = submissionPrefix.toString();
        return URI.create(prefix.endsWith("/") ? prefix + "add-checkpoint" : prefix + "/add-checkpoint");
    }
}
