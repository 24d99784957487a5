package io.auditseal.verify;

import io.auditseal.store.Retention;

import java.util.Optional;

/**
 * What was recorded about a seal when it was written (an AuditSeal's spec): storage must still match it.
 *
 * @param sequence               the seal's sequence
 * @param manifestSha256         SHA-256 of the manifest as written
 * @param previousManifestSha256 the previous manifest's SHA-256 the seal links to
 * @param manifestVersionId      the manifest's version ID as written (null where unversioned)
 * @param eventsVersionId        the events object's version ID as written (null where unversioned)
 * @param retention              the Object Lock retention read back when the seal was written, if recorded: the
 *                               objects must still be locked in that mode until at least then (a later change of
 *                               the chain's policy does not apply to seals already written)
 */
public record ExpectedSeal(long sequence, String manifestSha256, String previousManifestSha256,
                           String manifestVersionId, String eventsVersionId, Optional<Retention> retention) {

    public ExpectedSeal(long sequence, String manifestSha256, String previousManifestSha256, String manifestVersionId,
                        String eventsVersionId) {
        this(sequence, manifestSha256, previousManifestSha256, manifestVersionId, eventsVersionId, Optional.empty());
    }
}
