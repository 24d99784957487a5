package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.tlog.checkpoint.Checkpoint;

import java.util.List;
import java.util.Optional;

/**
 * The result of verifying a chain from storage: every seal verified up to the first failure, the chain head they
 * give, and the failure if there was one. {@code notices}: what verified but is worth telling, such as an object
 * stored as several identical versions (a write repeated after a failure, not a rewrite). {@code keys}: which key
 * signed which seals, one entry per key the chain was handed over between.
 */
public record ChainReport(ChainId chain, List<VerifiedSeal> verified, ChainHead head,
                          Optional<SealVerificationException> failure, List<String> notices,
                          List<ChainKeys.Period> keys) {

    public ChainReport {
        verified = List.copyOf(verified);
        notices = List.copyOf(notices);
        keys = List.copyOf(keys);
    }

    public ChainReport(ChainId chain, List<VerifiedSeal> verified, ChainHead head,
                       Optional<SealVerificationException> failure, List<String> notices) {
        this(chain, verified, head, failure, notices, List.of());
    }

    public boolean intact() {
        return failure.isEmpty();
    }

    public long records() {
        return head.treeSize();
    }

    /** The newest verified checkpoint: what an auditor keeps to detect truncation next time. */
    public Optional<Checkpoint> lastCheckpoint() {
        return verified.isEmpty() ? Optional.empty() : Optional.of(verified.get(verified.size() - 1).checkpoint());
    }
}
