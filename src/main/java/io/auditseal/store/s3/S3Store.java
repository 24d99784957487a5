package io.auditseal.store.s3;

import io.auditseal.store.ObjectExistsException;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.GetObjectResponse;
import io.minio.GetObjectRetentionArgs;
import io.minio.SetObjectRetentionArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import io.minio.messages.Item;
import io.minio.messages.VersioningConfiguration;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seals in an S3 bucket with Object Lock (AWS S3, MinIO, Ceph radosgw): key {@code a/b/c} is object
 * {@code <prefix>/a/b/c}. The bucket must have been created with Object Lock, which also turns versioning on; then
 * each put creates a version that nobody, the root account included, can delete or shorten before its
 * retain-until date when the mode is COMPLIANCE.
 *
 * <p>Every put is ONE PutObject request (never multipart) carrying the retention headers and a CRC32C checksum
 * header. Single-part matters: Ceph 16 silently ignores retention headers on multipart uploads, and S3/MinIO
 * refuse locked PUTs without an integrity checksum. Every put is also conditional ({@code If-None-Match: *}), so
 * a server that honours it never takes a second write of a key; on one that does not, a second put adds a new
 * version and leaves the locked one intact (see {@link #put}).
 *
 * <p>Keys follow the directory store's rules (relative, no empty, {@code .} or {@code ..} segments), so a chain
 * can move between the two. Transient failures (I/O errors, timeouts, 5xx, SlowDown) are retried up to
 * {@value #ATTEMPTS} times with a 200 ms then 1 s pause; before a put is tried again the key is looked up, so a
 * retry of a write that did succeed adds no version.
 * Thread-safe: the MinIO client is.
 */
public final class S3Store implements ObjectStore {

    static final int ATTEMPTS = 3;
    private static final long[] BACKOFF_MILLIS = {200, 1000};
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** S3 error codes worth another try (besides every 5xx, 408 and 429). */
    private static final Set<String> RETRYABLE_CODES = Set.of("InternalError", "ServiceUnavailable", "SlowDown",
            "SlowDownRead", "SlowDownWrite", "RequestTimeout", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "RequestThrottled", "TooManyRequests", "OperationAborted");
    /** What GetObjectRetention answers for a version without retention (AWS/MinIO, Ceph). */
    private static final Set<String> NO_RETENTION_CODES = Set.of("NoSuchObjectLockConfiguration",
            "ObjectLockConfigurationNotFoundError");
    /** What GetObjectLockConfiguration answers for a bucket created without Object Lock. */
    private static final Set<String> NO_OBJECT_LOCK_CODES = Set.of("ObjectLockConfigurationNotFoundError",
            "NoSuchObjectLockConfiguration");
    private static final String NO_SUCH_KEY = "NoSuchKey";
    /** What GetObject answers for a version that does not exist or is a delete marker. */
    private static final Set<String> NOT_A_VERSION_CODES = Set.of("NoSuchKey", "NoSuchVersion", "MethodNotAllowed");
    private static final String PRECONDITION_FAILED = "PreconditionFailed";
    private static final String IF_NONE_MATCH = "If-None-Match";
    /** The conditional-write probe's key (see {@link #fencesWrites()}). */
    static final String FENCE_PROBE_KEY = ".auditseal/conditional-write-probe";
    private static final String NO_SUCH_BUCKET = "NoSuchBucket";
    private static final String VERSION_ID_HEADER = "x-amz-version-id";
    private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");

    private final S3StoreConfig config;
    private final MinioClient client;
    /** Prepended to every key: the configured prefix and a slash, or nothing. */
    private final String keyPrefix;
    /** What the last {@link #check()} found, for {@link #describe()}; null before the first. */
    private volatile Boolean objectLockFound;
    /** Whether the server honours conditional puts; null until {@link #fencesWrites()} found out. */
    private volatile Boolean fences;

    S3Store(S3StoreConfig config, MinioClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
        this.keyPrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    }

    /** A store on {@code config}'s bucket. Opens no connection: {@link #check()} tells whether the bucket fits. */
    public static S3Store open(S3StoreConfig config) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(READ_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(READ_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                // As the SDK's default client: some S3 servers misbehave with HTTP/2.
                .protocols(List.of(Protocol.HTTP_1_1))
                // OkHttp would otherwise resend a request whose connection failed after it was sent, behind our
                // back: a PUT that did succeed would then add a version. Retries are ours (see put).
                .retryOnConnectionFailure(false)
                .build();
        if (config.endpoint().startsWith("https:")) {
            try {
                // As the SDK's default client: extra CAs from SSL_CERT_FILE / SSL_CERT_DIR (e.g. an in-cluster
                // MinIO). Only for TLS: parsing a system CA directory takes about 2 s.
                http = Http.enableExternalCertificatesFromEnv(http);
            } catch (MinioException e) {
                throw new IllegalArgumentException("cannot load the CA certificates named by SSL_CERT_FILE/SSL_CERT_DIR: "
                        + e.getMessage(), e);
            }
        }
        // No SDK-level retry interceptor on this client: retries are ours, with one bounded budget.
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http, true)
                .build();
        if (config.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        return new S3Store(config, client);
    }

    /**
     * Writes {@code data} once under {@code key}. Every attempt is conditional ({@code If-None-Match: *}): where the
     * server honours it, a key that exists is never written again, by this or any other writer. Where it does not
     * ({@link #fencesWrites()}), the key is looked up first. A failed attempt may still have written the object, so
     * before another try the key is looked up again: a retry never adds a version of bytes already there.
     */
    @Override
    public StoredObject put(String key, byte[] data, PutOptions options) throws StoreException {
        String name = objectName(key);
        Objects.requireNonNull(data, "data");
        if (!fencesWritesFor(key)) {
            Optional<StoredObject> there = alreadyThere(key, data);
            if (there.isPresent()) {
                return there.get();
            }
        }
        return withRetry(() -> "cannot write object " + key + " to " + location(),
                () -> putIfAbsent(key, name, data, options),
                () -> alreadyThere(key, data));
    }

    /** The object, if {@code key} holds exactly {@code data} already; refused if it holds other bytes. */
    private Optional<StoredObject> alreadyThere(String key, byte[] data) throws StoreException {
        Optional<StoredObject> there = get(key);
        return there.isEmpty() ? Optional.empty()
                : Optional.of(ObjectExistsException.requireSameBytes(key, data, there.get(), location()));
    }

    private boolean fencesWritesFor(String key) throws StoreException {
        try {
            return fencesWrites();
        } catch (StoreException e) {
            throw new StoreException("cannot write object " + key + " to " + location() + ": " + e.getMessage(),
                    e.retryable(), e);
        }
    }

    /** One conditional PutObject; a key that exists already is answered from what it holds. */
    private StoredObject putIfAbsent(String key, String name, byte[] data, PutOptions options)
            throws MinioException, IOException, StoreException {
        try {
            return new StoredObject(key, client.putObject(putArgs(name, data, options)).versionId(), data.clone());
        } catch (ErrorResponseException e) {
            if (!preconditionFailed(e)) {
                throw e;
            }
            StoredObject there = get(key).orElseThrow(() -> new StoreException("object " + key + " in " + location()
                    + " exists (the conditional put was refused) but cannot be read", true, e));
            return ObjectExistsException.requireSameBytes(key, data, there, location());
        }
    }

    private PutObjectArgs putArgs(String name, byte[] data, PutOptions options) {
        // data(byte[], length) is always one PutObject request: the SDK only goes multipart for streams.
        PutObjectArgs.Builder args = PutObjectArgs.builder()
                .bucket(config.bucket())
                .object(name)
                .data(data, data.length)
                .checksum(Checksum.Algorithm.CRC32C)
                .extraHeaders(Map.of(IF_NONE_MATCH, "*"));
        Retention retention = options == null ? null : options.retention();
        String contentType = options == null ? null : options.contentType();
        if (contentType != null) {
            args.contentType(contentType);
        }
        if (retention != null) {
            args.retention(new io.minio.messages.Retention(
                    io.minio.messages.RetentionMode.valueOf(retention.mode().name()),
                    ZonedDateTime.ofInstant(retention.retainUntil(), ZoneOffset.UTC)));
        }
        return args.build();
    }

    /**
     * Whether the server refuses a conditional put over an existing key (AWS S3 and MinIO do; Ceph radosgw 16 does
     * not in a versioned bucket, and writes another version). Found out once per store by putting an empty probe
     * object, {@value #FENCE_PROBE_KEY} under the prefix, twice: on a server that fences, the second put (or the
     * first, once the probe exists) is refused. On one that does not, each probe adds a version of an empty object
     * outside every chain's keys (a namespace cannot start with a dot).
     */
    boolean fencesWrites() throws StoreException {
        Boolean known = fences;
        if (known != null) {
            return known;
        }
        String name = objectName(FENCE_PROBE_KEY);
        boolean refused = false;
        for (int attempt = 0; attempt < 2 && !refused; attempt++) {
            refused = withRetry(() -> "cannot probe conditional writes in " + location(), () -> {
                try {
                    client.putObject(putArgs(name, new byte[0], null));
                    return false;
                } catch (ErrorResponseException e) {
                    if (preconditionFailed(e)) {
                        return true;
                    }
                    throw e;
                }
            });
        }
        fences = refused;
        return refused;
    }

    private static boolean preconditionFailed(ErrorResponseException e) {
        return PRECONDITION_FAILED.equals(e.errorResponse().code())
                || (e.response() != null && e.response().code() == 412);
    }

    @Override
    public Optional<StoredObject> get(String key) throws StoreException {
        String name = objectName(key);
        return withRetry(() -> "cannot read object " + key + " from " + location(), () -> {
            try (GetObjectResponse response = client.getObject(
                    GetObjectArgs.builder().bucket(config.bucket()).object(name).build())) {
                byte[] data = response.readAllBytes();
                java.util.Date lastModified = response.headers().getDate("Last-Modified");
                return Optional.of(new StoredObject(key, response.headers().get(VERSION_ID_HEADER), data,
                        Optional.ofNullable(lastModified).map(java.util.Date::toInstant)));
            } catch (ErrorResponseException e) {
                if (NO_SUCH_KEY.equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<StoredObject> get(String key, String versionId) throws StoreException {
        if (versionId == null) {
            return Optional.empty();
        }
        String name = objectName(key);
        return withRetry(() -> "cannot read version " + versionId + " of object " + key + " from " + location(), () -> {
            try (GetObjectResponse response = client.getObject(
                    GetObjectArgs.builder().bucket(config.bucket()).object(name).versionId(versionId).build())) {
                return Optional.of(new StoredObject(key, versionId, response.readAllBytes()));
            } catch (ErrorResponseException e) {
                // A delete marker answers 405 MethodNotAllowed: it is a version, but holds no object.
                if (NOT_A_VERSION_CODES.contains(e.errorResponse().code())
                        || (e.response() != null && e.response().code() == 405)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The retention of the latest version; empty when it has none, or when there is no such object. */
    @Override
    public Optional<Retention> retention(String key) throws StoreException {
        String name = objectName(key);
        return withRetry(() -> "cannot read the retention of object " + key + " in " + location(), () -> {
            try {
                io.minio.messages.Retention retention = client.getObjectRetention(
                        GetObjectRetentionArgs.builder().bucket(config.bucket()).object(name).build());
                if (retention == null || retention.mode() == null || retention.retainUntilDate() == null) {
                    return Optional.empty();
                }
                return Optional.of(new Retention(RetentionMode.valueOf(retention.mode().name()),
                        retention.retainUntilDate().toInstant()));
            } catch (ErrorResponseException e) {
                String code = e.errorResponse().code();
                if (NO_RETENTION_CODES.contains(code) || NO_SUCH_KEY.equals(code) || isMissingLockConfiguration(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void extendRetention(String key, Retention retention) throws StoreException {
        String name = objectName(key);
        withRetry(() -> "cannot extend the retention of object " + key + " in " + location(), () -> {
            client.setObjectRetention(SetObjectRetentionArgs.builder().bucket(config.bucket()).object(name)
                    .config(new io.minio.messages.Retention(io.minio.messages.RetentionMode.valueOf(retention.mode().name()),
                            ZonedDateTime.ofInstant(retention.retainUntil(), ZoneOffset.UTC))).build());
            return null;
        });
    }

    @Override
    public List<String> versions(String key) throws StoreException {
        Objects.requireNonNull(key, "key");
        return withRetry(() -> "cannot list versions of " + key + " in " + location(), () -> {
            List<Item> versions = new ArrayList<>();
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(config.bucket())
                    .prefix(keyPrefix + key)
                    .includeVersions(true)
                    .recursive(true)
                    .build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (item.objectName().equals(keyPrefix + key)) {
                    versions.add(item);
                }
            }
            // Listings give the newest version first.
            List<String> ids = new ArrayList<>();
            for (int i = versions.size() - 1; i >= 0; i--) {
                ids.add(versions.get(i).versionId());
            }
            return List.copyOf(ids);
        });
    }

    @Override
    public List<String> list(String prefix) throws StoreException {
        Objects.requireNonNull(prefix, "prefix");
        return withRetry(() -> "cannot list " + prefix + " in " + location(), () -> {
            List<String> keys = new ArrayList<>();
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(config.bucket())
                    .prefix(keyPrefix + prefix)
                    .recursive(true)
                    .build());
            for (Result<Item> result : results) {
                String name = result.get().objectName();
                // The conditional-write probe is the store's own object, not one of its keys.
                if (name.startsWith(keyPrefix) && !name.equals(keyPrefix + FENCE_PROBE_KEY)) {
                    keys.add(name.substring(keyPrefix.length()));
                }
            }
            Collections.sort(keys);
            return List.copyOf(keys);
        });
    }

    /**
     * Whether the bucket exists, has Object Lock and versioning. Failures that another try will not fix (wrong
     * credentials, missing permissions) are reported as problems; transient ones are thrown as retryable.
     */
    @Override
    public StoreCheck check() throws StoreException {
        String bucket = config.bucket();
        try {
            boolean exists = withRetry(() -> "cannot check bucket " + bucket + " at " + config.endpoint(),
                    () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
            if (!exists) {
                objectLockFound = false;
                return new StoreCheck(false, false, false,
                        List.of("bucket " + bucket + " does not exist at " + config.endpoint()));
            }
            boolean objectLock = withRetry(() -> "cannot read the Object Lock configuration of bucket " + bucket, () -> {
                try {
                    client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(bucket).build());
                    return true;
                } catch (ErrorResponseException e) {
                    if (NO_OBJECT_LOCK_CODES.contains(e.errorResponse().code()) || isMissingLockConfiguration(e)) {
                        return false;
                    }
                    throw e;
                }
            });
            VersioningConfiguration.Status versioning = withRetry(
                    () -> "cannot read the versioning state of bucket " + bucket,
                    () -> client.getBucketVersioning(GetBucketVersioningArgs.builder().bucket(bucket).build()).status());
            objectLockFound = objectLock;
            List<String> problems = new ArrayList<>();
            if (!objectLock) {
                problems.add("bucket " + bucket + " does not have Object Lock enabled (it can only be enabled when the"
                        + " bucket is created)");
            }
            if (versioning == VersioningConfiguration.Status.SUSPENDED) {
                problems.add("versioning is suspended on bucket " + bucket);
            } else if (versioning != VersioningConfiguration.Status.ENABLED) {
                problems.add("versioning is not enabled on bucket " + bucket);
            }
            boolean fenced = problems.isEmpty() && fencesWrites();
            return new StoreCheck(versioning == VersioningConfiguration.Status.ENABLED, objectLock, fenced, problems);
        } catch (StoreException e) {
            if (e.retryable()) {
                throw e;
            }
            return new StoreCheck(false, false, false, List.of(e.getMessage()));
        }
    }

    @Override
    public String describe() {
        Boolean lock = objectLockFound;
        String state = lock == null ? "Object Lock not checked yet" : lock ? "Object Lock enabled" : "NO Object Lock";
        return "s3 " + location() + " (" + state + ")";
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // Nothing to do: the connections are gone either way.
        }
    }

    /** endpoint/bucket[/prefix]: where objects go, without credentials. */
    private String location() {
        String base = config.endpoint() + "/" + config.bucket();
        return config.prefix().isEmpty() ? base : base + "/" + config.prefix();
    }

    /** Keys are relative paths of plain segments, as in the directory store. */
    private String objectName(String key) throws StoreException {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new StoreException("invalid object key \"" + key + "\"", false, null);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new StoreException("invalid object key \"" + key + "\"", false, null);
            }
        }
        return keyPrefix + key;
    }

    /**
     * On a bucket without Object Lock, object-lock calls get 400 InvalidRequest: "Bucket is missing Object Lock
     * Configuration" from AWS, "bucket object lock not configured" from Ceph radosgw 16.
     */
    private static boolean isMissingLockConfiguration(ErrorResponseException e) {
        String message = e.errorResponse().message();
        return "InvalidRequest".equals(e.errorResponse().code()) && message != null
                && message.toLowerCase(Locale.ROOT).replace(" ", "").contains("objectlock");
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T call() throws MinioException, IOException, StoreException;
    }

    /** Looks, before another try, whether a failed attempt had its effect after all. */
    @FunctionalInterface
    private interface Recheck<T> {
        Optional<T> done() throws StoreException;
    }

    /** Runs {@code call}, retrying transient failures; what escapes is a StoreException starting with {@code what}. */
    private <T> T withRetry(Supplier<String> what, S3Call<T> call) throws StoreException {
        return withRetry(what, call, Optional::empty);
    }

    /** As above; before each retry, {@code recheck} may find the call's result already there. */
    private <T> T withRetry(Supplier<String> what, S3Call<T> call, Recheck<T> recheck) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                Optional<T> done = recheck.done();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Exception failure;
            try {
                return call.call();
            } catch (StoreException e) {
                throw e;
            } catch (MinioException | IOException | RuntimeException e) {
                failure = e;
            }
            boolean retryable = retryable(failure);
            if (!retryable || attempt >= ATTEMPTS) {
                String tries = retryable ? " (after " + attempt + " attempts)" : "";
                throw new StoreException(what.get() + ": " + detail(failure) + tries, retryable, failure);
            }
            try {
                Thread.sleep(BACKOFF_MILLIS[Math.min(attempt, BACKOFF_MILLIS.length) - 1]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(what.get() + ": interrupted while retrying after " + detail(failure), true,
                        failure);
            }
        }
    }

    /** Transient: I/O errors and timeouts, 5xx, 408, 429 and the S3 throttling codes. */
    static boolean retryable(Throwable e) {
        if (e instanceof ErrorResponseException response) {
            int status = response.response() == null ? 0 : response.response().code();
            return RETRYABLE_CODES.contains(response.errorResponse().code()) || retryableStatus(status);
        }
        if (e instanceof ServerException server) {
            return retryableStatus(server.statusCode());
        }
        if (e instanceof InvalidResponseException) {
            // A non-XML answer, typically a proxy's error page: transient if the status says so.
            Matcher matcher = RESPONSE_CODE.matcher(String.valueOf(e.getMessage()));
            return matcher.find() && retryableStatus(Integer.parseInt(matcher.group(1)));
        }
        if (e instanceof InsufficientDataException) {
            return true;
        }
        if (e instanceof XmlParserException) {
            return false;
        }
        // The synchronous MinIO client throws connection failures and timeouts as IllegalStateException(IOException).
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean retryableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** A one-line reason: the S3 error code and HTTP status, or the I/O error. */
    private static String detail(Throwable e) {
        if (e instanceof ErrorResponseException response) {
            int status = response.response() == null ? 0 : response.response().code();
            String message = response.errorResponse().message();
            return response.errorResponse().code() + " (HTTP " + status + ")"
                    + (message == null || message.isBlank() ? "" : ": " + message);
        }
        if (e instanceof ServerException server) {
            return "HTTP " + server.statusCode() + " from the server";
        }
        Throwable shown = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        return shown.getMessage() == null ? shown.getClass().getSimpleName()
                : shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }
}
