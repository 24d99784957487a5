package io.auditseal.seal;

import io.auditseal.format.ChainId;
import io.auditseal.format.SealManifest;
import io.auditseal.store.Retention;

import java.time.Duration;
import java.util.Optional;

/**
 * A seal that is written, read back and verified, and that the chain has advanced past (its state committed in the
 * journal, its records released): what the operator records as an AuditSeal resource.
 *
 * @param manifestSha256    SHA-256 of the manifest bytes
 * @param eventsVersionId   the store's version ID of the events object (null where unversioned)
 * @param manifestVersionId the store's version ID of the manifest
 * @param retention         the Object Lock retention read back from the store, if the store locks
 * @param adopted           true when this seal was found already written (after a crash) and adopted
 * @param timings           where the time went, for metrics
 */
public record CommittedSeal(ChainId chain, SealManifest manifest, String manifestSha256, String eventsVersionId,
                            String manifestVersionId, Optional<Retention> retention, boolean adopted, Timings timings) {

    /** Time spent per phase of one seal. */
    public record Timings(Duration canonicalize, Duration assemble, Duration write, Duration readBack) {
    }
}
