package io.auditseal.verify;

/**
 * What was recorded about a seal when it was written (an AuditSeal's spec): storage must still match it.
 *
 * @param sequence               the seal's sequence
 * @param manifestSha256         SHA-256 of the manifest as written
 * @param previousManifestSha256 the previous manifest's SHA-256 the seal links to
 * @param manifestVersionId      the manifest's version ID as written (null where unversioned)
 * @param eventsVersionId        the events object's version ID as written (null where unversioned)
 */
public record ExpectedSeal(long sequence, String manifestSha256, String previousManifestSha256,
                           String manifestVersionId, String eventsVersionId) {
}
