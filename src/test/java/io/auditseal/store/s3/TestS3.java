package io.auditseal.store.s3;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.SetObjectLockConfigurationArgs;
import io.minio.messages.ObjectLockConfiguration;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The real S3 server the integration tests run against: the radosgw that {@code scripts/radosgw.sh} starts around
 * them, unless {@code test.s3.*} system properties name another (docs/DEVELOPMENT.md). One place for its address,
 * credentials and the buckets each test makes for itself.
 */
public final class TestS3 {

    public static final String ENDPOINT = System.getProperty("test.s3.endpoint", "http://127.0.0.1:7480");
    public static final String ACCESS_KEY = System.getProperty("test.s3.access-key", "auditseal-test");
    public static final String SECRET_KEY = System.getProperty("test.s3.secret-key", "auditseal-test-secret");
    public static final String REGION = System.getProperty("test.s3.region", "us-east-1");

    private TestS3() {
    }

    /** {@code prefix} plus 8 random hex digits: buckets are never reused across runs (Object Lock keeps them). */
    public static String uniqueName(String prefix) {
        return prefix + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    }

    /** An admin client; the caller closes it. */
    public static MinioClient admin() {
        return MinioClient.builder().endpoint(ENDPOINT).region(REGION).credentials(ACCESS_KEY, SECRET_KEY).build();
    }

    /** Creates a bucket with Object Lock (and so versioning) enabled, without a default retention. */
    public static void createLockedBucket(MinioClient admin, String bucket) throws Exception {
        admin.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(true).build());
    }

    /** Creates a bucket with Object Lock and a one-day default retention in {@code mode}. */
    public static void createLockedBucket(MinioClient admin, String bucket, io.minio.messages.RetentionMode mode)
            throws Exception {
        createLockedBucket(admin, bucket);
        admin.setObjectLockConfiguration(SetObjectLockConfigurationArgs.builder().bucket(bucket)
                .config(new ObjectLockConfiguration(mode, new ObjectLockConfiguration.RetentionDurationDays(1)))
                .build());
    }

    /** Creates a bucket without Object Lock or versioning: what the sealer must refuse. */
    public static void createPlainBucket(MinioClient admin, String bucket) throws Exception {
        admin.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }

    /** The store settings of {@code bucket} on this server, path-style, without a key prefix. */
    public static S3StoreConfig config(String bucket) {
        return new S3StoreConfig(ENDPOINT, REGION, bucket, "", true, ACCESS_KEY, SECRET_KEY);
    }
}
