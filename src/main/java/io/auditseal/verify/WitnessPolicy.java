package io.auditseal.verify;

import io.auditseal.tlog.note.CosignatureVerifier;

import java.time.Duration;
import java.util.List;

/**
 * What a verifier requires of witness cosignatures: that a seal no older than {@code maxLag} before the chain's
 * newest seal is cosigned by at least {@code minWitnesses} of {@code witnesses}. Everything up to that seal is then
 * the history those witnesses saw (consistency is checked by recomputing the log); seals after it are reported as
 * not witnessed yet.
 */
public record WitnessPolicy(List<CosignatureVerifier> witnesses, int minWitnesses, Duration maxLag) {

    public WitnessPolicy {
        witnesses = List.copyOf(witnesses);
        if (minWitnesses < 1 || minWitnesses > witnesses.size()) {
            throw new IllegalArgumentException("--min-witnesses " + minWitnesses + " must be between 1 and the "
                    + witnesses.size() + " witness keys given");
        }
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("the witness lag must not be negative");
        }
    }
}
