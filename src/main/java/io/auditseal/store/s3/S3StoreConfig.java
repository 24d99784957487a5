package io.auditseal.store.s3;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an {@link S3Store} writes: an S3-compatible endpoint (AWS S3, MinIO, Ceph radosgw), a bucket with Object
 * Lock, and an optional key prefix inside it.
 *
 * @param endpoint  base URL, e.g. {@code https://s3.eu-west-1.amazonaws.com} or {@code http://minio.minio:9000}
 * @param region    the bucket's region, e.g. {@code us-east-1}; null or blank means {@code us-east-1}
 * @param bucket    the bucket name
 * @param prefix    key prefix inside the bucket without leading or trailing slash; null or empty means none
 * @param pathStyle path-style requests ({@code endpoint/bucket/key}, MinIO and Ceph) instead of virtual-hosted
 * @param accessKey access key ID
 * @param secretKey secret access key; never printed
 */
public record S3StoreConfig(String endpoint, String region, String bucket, String prefix, boolean pathStyle,
                            String accessKey, String secretKey) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3StoreConfig {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("S3 endpoint is required");
        }
        endpoint = endpoint.strip();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        try {
            URI uri = new URI(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("S3 endpoint must be an http or https URL: " + safeEndpoint(endpoint));
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("S3 endpoint must not contain credentials; use accessKey/secretKey");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("S3 endpoint is not a URL: " + e.getMessage(), e);
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 bucket is required");
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//"))) {
            throw new IllegalArgumentException("S3 prefix \"" + prefix
                    + "\" must not start or end with / nor contain an empty segment");
        }
        if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("S3 access key and secret key are required");
        }
    }

    /** The secret key is never printed. */
    @Override
    public String toString() {
        return "S3StoreConfig[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
                + ", pathStyle=" + pathStyle + ", accessKey=" + accessKey + ", secretKey=***]";
    }

    /** The endpoint with any user-info part removed, for messages about a malformed endpoint. */
    private static String safeEndpoint(String endpoint) {
        return endpoint.replaceFirst("//[^/@]*@", "//");
    }
}
