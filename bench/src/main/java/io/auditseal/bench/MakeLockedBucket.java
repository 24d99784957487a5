package io.auditseal.bench;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.SetObjectLockConfigurationArgs;
import io.minio.messages.ObjectLockConfiguration;
import io.minio.messages.RetentionMode;

/** Creates a bucket with Object Lock and a one-day COMPLIANCE default: {@code MakeLockedBucket endpoint key secret bucket}. */
public final class MakeLockedBucket {

    public static void main(String[] args) throws Exception {
        try (MinioClient client = MinioClient.builder().endpoint(args[0]).region("us-east-1").credentials(args[1], args[2]).build()) {
            client.makeBucket(MakeBucketArgs.builder().bucket(args[3]).objectLock(true).build());
            client.setObjectLockConfiguration(SetObjectLockConfigurationArgs.builder().bucket(args[3])
                    .config(new ObjectLockConfiguration(RetentionMode.COMPLIANCE, new ObjectLockConfiguration.RetentionDurationDays(1)))
                    .build());
        }
    }
}
