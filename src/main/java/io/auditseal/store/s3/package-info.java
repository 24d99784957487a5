/**
 * The S3 object store: seals in a bucket with Object Lock, through the MinIO Java SDK, on AWS S3, MinIO or Ceph
 * radosgw. What each S3 feature is used for:
 * <ul>
 *   <li><b>Object Lock, COMPLIANCE mode</b> (set at bucket creation, per version via {@code x-amz-object-lock-mode}
 *       and {@code x-amz-object-lock-retain-until-date} on PutObject): a sealed version cannot be deleted, nor its
 *       retention shortened or switched to GOVERNANCE, by anyone before its retain-until date. This is what makes
 *       the store tamper-proof rather than merely tamper-evident. GOVERNANCE mode can be bypassed by privileged
 *       users; it is accepted but weaker.</li>
 *   <li><b>Bucket default retention</b> (PutObjectLockConfiguration): a safety net for versions written without
 *       retention headers; the store still sends its own on every put.</li>
 *   <li><b>Versioning</b> (on by necessity with Object Lock): a put of an existing key adds a version instead of
 *       replacing the locked one; the version ID a put returns names exactly what was sealed.</li>
 *   <li><b>Single-part PutObject with a CRC32C checksum header</b>: the server verifies the bytes it stores; S3 and
 *       MinIO refuse locked PUTs without Content-MD5 or an {@code x-amz-checksum-*} header, and Ceph 16 ignores
 *       retention headers on multipart uploads.</li>
 *   <li><b>GetObjectRetention</b>: reads back what protects the latest version, for verification and status.</li>
 *   <li><b>ListObjectsV2</b> (recursive, under the configured prefix): finds the seals of a chain.</li>
 *   <li><b>HeadBucket, GetObjectLockConfiguration, GetBucketVersioning</b>: {@code check()} tells whether the
 *       bucket can hold seals before anything is written.</li>
 * </ul>
 * Creating buckets and setting their Object Lock configuration is left to the operator of the bucket (and to the
 * tests): the store never changes bucket settings.
 */
package io.auditseal.store.s3;
