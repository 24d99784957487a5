package io.auditseal.store.s3;

import io.auditseal.store.ObjectStore;
import io.auditseal.store.ObjectStoreContract;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetObjectRetentionArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetObjectRetentionArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link S3Store} against a real S3 server that enforces Object Lock: by default the single-node Ceph radosgw that
 * {@code scripts/radosgw.sh} starts around the integration tests; point it elsewhere (e.g. MinIO) with the
 * {@code test.s3.*} system properties and {@code -Dradosgw.skip=true}.
 *
 * <p>Each run creates its own buckets: one with Object Lock and a default COMPLIANCE retention of one day, one with
 * a default GOVERNANCE retention of one day, one with Object Lock but no default retention, and a plain one (no
 * Object Lock). Locked versions outlive the run by at most a day
 * (radosgw keeps them in RAM only); the plain bucket is removed afterwards.
 */
class S3StoreIT extends ObjectStoreContract {


    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final String COMPLIANCE_BUCKET = "auditseal-it-" + RUN + "-compliance";
    private static final String GOVERNANCE_BUCKET = "auditseal-it-" + RUN + "-governance";
    private static final String PLAIN_BUCKET = "auditseal-it-" + RUN + "-plain";
    private static final String NO_DEFAULT_BUCKET = "auditseal-it-" + RUN + "-nodefault";

    private static MinioClient admin;

    private final List<S3Store> opened = new ArrayList<>();

    @BeforeAll
    static void createBuckets() throws Exception {
        admin = TestS3.admin();
        TestS3.createLockedBucket(admin, COMPLIANCE_BUCKET, io.minio.messages.RetentionMode.COMPLIANCE);
        TestS3.createLockedBucket(admin, GOVERNANCE_BUCKET, io.minio.messages.RetentionMode.GOVERNANCE);
        TestS3.createPlainBucket(admin, PLAIN_BUCKET);
        TestS3.createLockedBucket(admin, NO_DEFAULT_BUCKET);
    }

    @AfterAll
    static void removePlainBucket() throws Exception {
        if (admin == null) {
            return;
        }
        try {
            for (Result<Item> result : admin.listObjects(
                    ListObjectsArgs.builder().bucket(PLAIN_BUCKET).recursive(true).build())) {
                admin.removeObject(RemoveObjectArgs.builder().bucket(PLAIN_BUCKET).object(result.get().objectName()).build());
            }
            admin.removeBucket(io.minio.RemoveBucketArgs.builder().bucket(PLAIN_BUCKET).build());
        } finally {
            admin.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3Store::close);
    }

    @Override
    protected ObjectStore newStore() {
        return open(COMPLIANCE_BUCKET, newPrefix());
    }

    @Override
    protected boolean locks() {
        return true;
    }

    // --- what COMPLIANCE mode guarantees, proven against the server ---

    @Test
    void delete_complianceLockedVersion_isDeniedEvenWithGovernanceBypass() throws Exception {
        String prefix = newPrefix();
        StoredObject put = open(COMPLIANCE_BUCKET, prefix).put("sealed", bytes("sealed"), compliance(retainUntil()));

        assertDenied(() -> admin.removeObject(RemoveObjectArgs.builder()
                .bucket(COMPLIANCE_BUCKET).object(prefix + "/sealed").versionId(put.versionId()).build()));
        assertDenied(() -> admin.removeObject(RemoveObjectArgs.builder()
                .bucket(COMPLIANCE_BUCKET).object(prefix + "/sealed").versionId(put.versionId())
                .bypassGovernanceMode(true).build()));

        assertArrayEquals(bytes("sealed"), readVersion(COMPLIANCE_BUCKET, prefix + "/sealed", put.versionId()));
    }

    @Test
    void setRetention_shorterOnComplianceVersion_isDenied() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        Instant until = retainUntil();
        StoredObject put = store.put("sealed", bytes("sealed"), compliance(until));

        assertDenied(() -> setRetention(COMPLIANCE_BUCKET, prefix + "/sealed", put.versionId(),
                io.minio.messages.RetentionMode.COMPLIANCE, until.minus(Duration.ofHours(1)), false));

        assertEquals(new Retention(RetentionMode.COMPLIANCE, until), seconds(store.retention("sealed").orElseThrow()));
    }

    @Test
    void setRetention_switchComplianceToGovernance_isDenied() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        Instant until = retainUntil();
        StoredObject put = store.put("sealed", bytes("sealed"), compliance(until));

        assertDenied(() -> setRetention(COMPLIANCE_BUCKET, prefix + "/sealed", put.versionId(),
                io.minio.messages.RetentionMode.GOVERNANCE, until, false));
        assertDenied(() -> setRetention(COMPLIANCE_BUCKET, prefix + "/sealed", put.versionId(),
                io.minio.messages.RetentionMode.GOVERNANCE, until, true));

        assertEquals(new Retention(RetentionMode.COMPLIANCE, until), seconds(store.retention("sealed").orElseThrow()));
    }

    @Test
    void setRetention_longerOnComplianceVersion_isAllowed() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        Instant until = retainUntil();
        StoredObject put = store.put("sealed", bytes("sealed"), compliance(until));
        Instant longer = until.plus(Duration.ofHours(3));

        setRetention(COMPLIANCE_BUCKET, prefix + "/sealed", put.versionId(), io.minio.messages.RetentionMode.COMPLIANCE,
                longer, false);

        assertEquals(new Retention(RetentionMode.COMPLIANCE, longer), seconds(store.retention("sealed").orElseThrow()));
    }

    @Test
    void extendRetention_lengthensTheLock_andGetGivesTheStoresTimeOfWriting() throws Exception {
        S3Store store = open(COMPLIANCE_BUCKET, newPrefix());
        Instant until = retainUntil();
        Instant before = Instant.now().minusSeconds(60);
        store.put("sealed", bytes("sealed"), compliance(until));
        Instant longer = until.plus(Duration.ofDays(2));

        store.extendRetention("sealed", new Retention(RetentionMode.COMPLIANCE, longer));

        assertEquals(new Retention(RetentionMode.COMPLIANCE, longer), seconds(store.retention("sealed").orElseThrow()));
        Instant written = store.get("sealed").orElseThrow().lastModified().orElseThrow();
        assertTrue(written.isAfter(before) && written.isBefore(Instant.now().plusSeconds(60)), "Last-Modified " + written);
    }

    @Test
    void put_anotherWritersVersionOverALockedOne_leavesTheLockedOneReadableByVersionId() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        Instant until = retainUntil();
        StoredObject first = store.put("sealed", bytes("first"), compliance(until));

        // Not through the store (it refuses other bytes): as a second writer on a server that ignores
        // If-None-Match would.
        String second = admin.putObject(PutObjectArgs.builder().bucket(COMPLIANCE_BUCKET).object(prefix + "/sealed")
                .stream(new ByteArrayInputStream(bytes("second")), 6L, -1L).build()).versionId();

        assertArrayEquals(bytes("second"), store.get("sealed").orElseThrow().data());
        assertArrayEquals(bytes("first"), store.get("sealed", first.versionId()).orElseThrow().data());
        io.minio.messages.Retention firstRetention = admin.getObjectRetention(GetObjectRetentionArgs.builder()
                .bucket(COMPLIANCE_BUCKET).object(prefix + "/sealed").versionId(first.versionId()).build());
        assertEquals(io.minio.messages.RetentionMode.COMPLIANCE, firstRetention.mode());
        assertEquals(until, firstRetention.retainUntilDate().toInstant().truncatedTo(ChronoUnit.SECONDS));
        assertEquals(Set.of(first.versionId(), second), versions(COMPLIANCE_BUCKET, prefix + "/sealed"));
    }

    @Test
    void fencesWrites_saysWhatTheServerDoesWithAConditionalPutOfAnExistingKey() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        store.put("sealed", bytes("first"), compliance(retainUntil()));

        // What the probe finds out, done by hand: a second conditional put of an existing key. AWS S3 and MinIO
        // answer 412; Ceph radosgw 16 in a versioned bucket writes another version.
        boolean refused;
        try {
            admin.putObject(PutObjectArgs.builder().bucket(COMPLIANCE_BUCKET).object(prefix + "/sealed")
                    .headers(Map.of("If-None-Match", "*"))
                    .stream(new ByteArrayInputStream(bytes("second")), 6L, -1L).build());
            refused = false;
        } catch (ErrorResponseException e) {
            assertEquals(412, e.response().code());
            refused = true;
        }

        assertEquals(refused ? 1 : 2, store.versions("sealed").size());
        assertEquals(refused, store.fencesWrites());
        assertEquals(refused, store.check().fencesWrites());
    }

    @Test
    void put_responseLostAfterTheObjectWasWritten_retryAddsNoVersion() throws Exception {
        String prefix = newPrefix();
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(URI.create(TestS3.ENDPOINT), "PUT /"
                + COMPLIANCE_BUCKET + "/" + prefix + "/seals/")) {
            S3Store store = S3Store.open(new S3StoreConfig(proxy.endpoint(), TestS3.REGION, COMPLIANCE_BUCKET, prefix,
                    true, TestS3.ACCESS_KEY, TestS3.SECRET_KEY));
            try {
                StoredObject put = store.put("seals/0001/manifest.json", bytes("manifest"), compliance(retainUntil()));

                assertEquals(1, proxy.dropped(), "the first PUT must have reached the server and lost its answer");
                assertEquals(List.of(put.versionId()), store.versions("seals/0001/manifest.json"));
                assertArrayEquals(bytes("manifest"), store.get("seals/0001/manifest.json").orElseThrow().data());
            } finally {
                store.close();
            }
        }
    }

    @Test
    void delete_withoutVersionId_onlyHidesTheLockedVersionBehindADeleteMarker() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        StoredObject put = store.put("sealed", bytes("sealed"), compliance(retainUntil()));

        admin.removeObject(RemoveObjectArgs.builder().bucket(COMPLIANCE_BUCKET).object(prefix + "/sealed").build());

        assertEquals(Optional.empty(), store.get("sealed"));
        assertEquals(List.of(), store.list(""));
        assertArrayEquals(bytes("sealed"), readVersion(COMPLIANCE_BUCKET, prefix + "/sealed", put.versionId()));
    }

    @Test
    void put_largerThanTheMultipartThreshold_staysOnePartWithItsOwnRetention() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(COMPLIANCE_BUCKET, prefix);
        byte[] data = new byte[6 * 1024 * 1024 + 1];
        new SecureRandom().nextBytes(data);
        Instant until = retainUntil();

        StoredObject put = store.put("big", data, compliance(until));

        // Ceph 16 drops retention headers on multipart uploads: the bucket default (one day) would show instead.
        assertEquals(new Retention(RetentionMode.COMPLIANCE, until), seconds(store.retention("big").orElseThrow()));
        String etag = admin.statObject(StatObjectArgs.builder().bucket(COMPLIANCE_BUCKET).object(prefix + "/big")
                .versionId(put.versionId()).build()).etag();
        assertFalse(etag.contains("-"), "a multipart ETag ends in -<parts>: " + etag);
        assertArrayEquals(data, store.get("big").orElseThrow().data());
    }

    @Test
    void retention_putWithoutRetention_returnsTheBucketDefault() throws Exception {
        S3Store store = open(COMPLIANCE_BUCKET, newPrefix());
        Instant before = Instant.now();

        store.put("unlocked-put", bytes("x"), PutOptions.manifest(null));

        Retention retention = store.retention("unlocked-put").orElseThrow();
        assertEquals(RetentionMode.COMPLIANCE, retention.mode());
        Instant oneDay = before.plus(Duration.ofDays(1));
        assertTrue(Duration.between(oneDay, retention.retainUntil()).abs().compareTo(Duration.ofMinutes(5)) < 0,
                () -> "expected about " + oneDay + ", got " + retention.retainUntil());
    }

    @Test
    void retention_versionWithoutRetentionInALockBucket_returnsEmpty() throws Exception {
        S3Store store = open(NO_DEFAULT_BUCKET, newPrefix());
        store.put("unlocked", bytes("u"), PutOptions.manifest(null));

        assertEquals(Optional.empty(), store.retention("unlocked"));
        assertTrue(store.check().usable(), "a default retention rule is optional: every put carries its own");
    }

    // --- GOVERNANCE mode: readable, but a privileged delete can remove it ---

    @Test
    void retention_governanceVersion_returnsGovernanceAndOnlyABypassDeletes() throws Exception {
        String prefix = newPrefix();
        S3Store store = open(GOVERNANCE_BUCKET, prefix);
        Instant until = retainUntil();
        StoredObject put = store.put("governed", bytes("g"),
                PutOptions.events(PutOptions.lockedUntil(RetentionMode.GOVERNANCE, until)));

        assertEquals(new Retention(RetentionMode.GOVERNANCE, until), seconds(store.retention("governed").orElseThrow()));
        assertDenied(() -> admin.removeObject(RemoveObjectArgs.builder()
                .bucket(GOVERNANCE_BUCKET).object(prefix + "/governed").versionId(put.versionId()).build()));
        admin.removeObject(RemoveObjectArgs.builder().bucket(GOVERNANCE_BUCKET).object(prefix + "/governed")
                .versionId(put.versionId()).bypassGovernanceMode(true).build());
        assertEquals(Optional.empty(), store.get("governed"));
    }

    // --- check() ---

    @Test
    void check_objectLockBucket_isUsableImmutableAndVersioned() throws Exception {
        S3Store store = open(COMPLIANCE_BUCKET, newPrefix());
        assertTrue(store.describe().contains("not checked yet"), store.describe());

        StoreCheck check = store.check();

        assertEquals(new StoreCheck(true, true, store.fencesWrites(), List.of()), check);
        assertTrue(check.usable());
        assertTrue(store.describe().endsWith("(Object Lock enabled)"), store.describe());
    }

    @Test
    void check_bucketWithoutObjectLock_reportsItAndIsNotUsable() throws Exception {
        S3Store store = open(PLAIN_BUCKET, "");

        StoreCheck check = store.check();

        assertFalse(check.usable());
        assertFalse(check.objectLock());
        assertFalse(check.versioning());
        assertEquals(List.of(
                "bucket " + PLAIN_BUCKET + " does not have Object Lock enabled (it can only be enabled when the bucket"
                        + " is created)",
                "versioning is not enabled on bucket " + PLAIN_BUCKET), check.problems());
        assertTrue(store.describe().endsWith("(NO Object Lock)"), store.describe());
    }

    @Test
    void check_missingBucket_reportsIt() throws Exception {
        String bucket = "auditseal-it-" + RUN + "-missing";

        StoreCheck check = open(bucket, "").check();

        assertFalse(check.usable());
        assertEquals(List.of("bucket " + bucket + " does not exist at " + TestS3.ENDPOINT), check.problems());
    }

    @Test
    void check_wrongSecret_reportsTheRefusalAsAProblem() throws Exception {
        S3Store store = track(S3Store.open(new S3StoreConfig(TestS3.ENDPOINT, TestS3.REGION, COMPLIANCE_BUCKET, "", true, TestS3.ACCESS_KEY, "wrong-secret")));

        StoreCheck check = store.check();

        assertFalse(check.usable());
        assertTrue(check.problems().get(0).contains("HTTP 403"), check.problems().toString());
        assertFalse(check.problems().get(0).contains("wrong-secret"));
    }

    @Test
    void retention_bucketWithoutObjectLock_returnsEmpty() throws Exception {
        S3Store store = open(PLAIN_BUCKET, newPrefix());
        StoredObject put = store.put("plain", bytes("p"), PutOptions.manifest(null));

        assertEquals(Optional.empty(), store.retention("plain"));
        assertArrayEquals(bytes("p"), store.get("plain").orElseThrow().data());
        assertEquals(put.versionId(), store.get("plain").orElseThrow().versionId());
    }

    // --- failures: what is retryable and what is not ---

    @Test
    void put_unreachableEndpoint_failsRetryableAfterABoundedRetry() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3Store store = track(S3Store.open(new S3StoreConfig("http://127.0.0.1:" + port, TestS3.REGION, COMPLIANCE_BUCKET,
                "p", true, TestS3.ACCESS_KEY, TestS3.SECRET_KEY)));
        long start = System.nanoTime();

        StoreException e = assertThrows(StoreException.class,
                () -> store.put("seals/1", bytes("x"), compliance(retainUntil())));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("seals/1"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1100)) >= 0, "backoff 200 ms + 1 s, took " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "bounded, took " + took);
    }

    @Test
    void get_wrongSecret_failsNotRetryable() {
        S3Store store = track(S3Store.open(new S3StoreConfig(TestS3.ENDPOINT, TestS3.REGION, COMPLIANCE_BUCKET, "", true, TestS3.ACCESS_KEY, "wrong-secret")));

        StoreException e = assertThrows(StoreException.class, () -> store.get("anything"));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret"), e.getMessage());
    }

    @Test
    void put_missingBucket_failsNotRetryableNamingTheBucket() {
        String bucket = "auditseal-it-" + RUN + "-missing";
        S3Store store = open(bucket, "p");

        StoreException e = assertThrows(StoreException.class, () -> store.put("k", bytes("x"), compliance(retainUntil())));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
        assertTrue(e.getMessage().contains(bucket), e.getMessage());
    }

    @Test
    void describe_anyStore_showsEndpointBucketAndPrefixButNoSecret() {
        String description = open(COMPLIANCE_BUCKET, "chains/prod").describe();

        assertEquals("s3 " + TestS3.ENDPOINT + "/" + COMPLIANCE_BUCKET + "/chains/prod (Object Lock not checked yet)",
                description);
        assertFalse(description.contains(TestS3.SECRET_KEY));
    }

    // --- helpers ---

    private S3Store open(String bucket, String prefix) {
        return track(S3Store.open(config(bucket, prefix)));
    }

    private S3Store track(S3Store store) {
        opened.add(store);
        return store;
    }

    private static S3StoreConfig config(String bucket, String prefix) {
        return new S3StoreConfig(TestS3.ENDPOINT, TestS3.REGION, bucket, prefix, true, TestS3.ACCESS_KEY, TestS3.SECRET_KEY);
    }

    private static String newPrefix() {
        return "t-" + UUID.randomUUID();
    }

    private static PutOptions compliance(Instant until) {
        return PutOptions.events(PutOptions.lockedUntil(RetentionMode.COMPLIANCE, until));
    }

    private static Retention seconds(Retention retention) {
        return new Retention(retention.mode(), retention.retainUntil().truncatedTo(ChronoUnit.SECONDS));
    }

    private static byte[] readVersion(String bucket, String object, String versionId) throws Exception {
        try (GetObjectResponse response = admin.getObject(
                GetObjectArgs.builder().bucket(bucket).object(object).versionId(versionId).build())) {
            return response.readAllBytes();
        }
    }

    private static Set<String> versions(String bucket, String object) {
        return StreamSupport.stream(admin.listObjects(ListObjectsArgs.builder()
                        .bucket(bucket).prefix(object).includeVersions(true).recursive(true).build()).spliterator(), false)
                .map(result -> {
                    try {
                        return result.get().versionId();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
    }

    private static void setRetention(String bucket, String object, String versionId,
                                     io.minio.messages.RetentionMode mode, Instant until, boolean bypass)
            throws Exception {
        admin.setObjectRetention(SetObjectRetentionArgs.builder()
                .bucket(bucket).object(object).versionId(versionId)
                .config(new io.minio.messages.Retention(mode, ZonedDateTime.ofInstant(until, ZoneOffset.UTC)))
                .bypassGovernanceMode(bypass)
                .build());
    }

    @FunctionalInterface
    private interface S3Action {
        void run() throws Exception;
    }

    /** The server refused with 403 AccessDenied. */
    private static void assertDenied(S3Action action) {
        ErrorResponseException e = assertThrows(ErrorResponseException.class, action::run);
        assertEquals("AccessDenied", e.errorResponse().code(), e.errorResponse().toString());
        assertEquals(403, e.response().code());
    }
}
