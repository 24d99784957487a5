package io.auditseal.store.s3;

import io.auditseal.store.PutOptions;
import io.auditseal.store.StoreException;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration and the parts of {@link S3Store} that need no server. */
class S3StoreConfigTest {

    private static S3StoreConfig config(String endpoint, String region, String prefix) {
        return new S3StoreConfig(endpoint, region, "seals", prefix, true, "AKIDEXAMPLE", "very-secret-key");
    }

    @Test
    void toString_anyConfig_neverShowsTheSecretKey() {
        String text = config("http://127.0.0.1:9000", "eu-west-1", "prod").toString();

        assertFalse(text.contains("very-secret-key"), text);
        assertTrue(text.contains("secretKey=***"), text);
        assertTrue(text.contains("AKIDEXAMPLE"), text);
    }

    @Test
    void new_nullOrBlankRegionAndNullPrefix_defaultToUsEast1AndNoPrefix() {
        S3StoreConfig config = config("http://127.0.0.1:9000/", " ", null);

        assertEquals("us-east-1", config.region());
        assertEquals("", config.prefix());
        assertEquals("http://127.0.0.1:9000", config.endpoint());
    }

    @Test
    void new_prefixWithLeadingTrailingOrDoubleSlash_isRefused() {
        for (String prefix : List.of("/a", "a/", "a//b", "/")) {
            assertThrows(IllegalArgumentException.class, () -> config("http://h:9000", null, prefix), prefix);
        }
        assertEquals("chains/prod", config("http://h:9000", null, "chains/prod").prefix());
    }

    @Test
    void new_endpointWithCredentialsOrNotHttp_isRefusedWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("https://user:pw@s3.example.com", null, ""));
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config("ftp://s3.example.com", null, ""));
        assertThrows(IllegalArgumentException.class, () -> config("s3.example.com", null, ""));
        assertThrows(IllegalArgumentException.class, () -> config("", null, ""));
    }

    @Test
    void new_missingBucketOrCredentials_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new S3StoreConfig("http://h:9000", null, " ", "", true, "a", "s"));
        assertThrows(IllegalArgumentException.class,
                () -> new S3StoreConfig("http://h:9000", null, "b", "", true, null, "s"));
        assertThrows(IllegalArgumentException.class,
                () -> new S3StoreConfig("http://h:9000", null, "b", "", true, "a", ""));
    }

    @Test
    void describe_beforeAnyCheck_showsLocationWithoutCredentials() {
        try (S3Store store = S3Store.open(config("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "chains/prod"))) {
            String description = store.describe();

            assertEquals("s3 https://s3.eu-west-1.amazonaws.com/seals/chains/prod (Object Lock not checked yet)",
                    description);
            assertFalse(description.contains("very-secret-key"));
            assertFalse(description.contains("AKIDEXAMPLE"));
        }
    }

    @Test
    void put_invalidKey_isRefusedBeforeAnyRequest() {
        try (S3Store store = S3Store.open(config("http://127.0.0.1:1", null, ""))) {
            StoreException e = assertThrows(StoreException.class,
                    () -> store.put("../escape", new byte[1], PutOptions.manifest(null)));

            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("invalid object key"), e.getMessage());
        }
    }

    @Test
    void retryable_ioFailureWrappedBySyncClient_isRetryable() {
        assertTrue(S3Store.retryable(new IllegalStateException(new SocketTimeoutException("timeout"))));
        assertFalse(S3Store.retryable(new IllegalStateException("a bug")));
        assertFalse(S3Store.retryable(new IllegalArgumentException("bad object name")));
    }

    @Test
    void retryable_s3ErrorResponses_onlyTransientOnes() {
        assertTrue(S3Store.retryable(s3Error("SlowDown", 503)));
        assertTrue(S3Store.retryable(s3Error("InternalError", 500)));
        assertTrue(S3Store.retryable(s3Error("RequestTimeout", 400)));
        assertTrue(S3Store.retryable(s3Error("SomethingNew", 502)));
        assertFalse(S3Store.retryable(s3Error("AccessDenied", 403)));
        assertFalse(S3Store.retryable(s3Error("NoSuchBucket", 404)));
        assertFalse(S3Store.retryable(s3Error("InvalidArgument", 400)));
    }

    @Test
    void retryable_nonXmlOrBodylessServerAnswers_dependOnTheStatus() {
        assertTrue(S3Store.retryable(new ServerException("server failed", 503, "")));
        assertFalse(S3Store.retryable(new ServerException("server failed", 304, "")));
        assertTrue(S3Store.retryable(new InvalidResponseException(502, "text/html", "<html>Bad Gateway</html>", "")));
        assertFalse(S3Store.retryable(new InvalidResponseException(403, "text/html", "<html>Forbidden</html>", "")));
    }

    private static ErrorResponseException s3Error(String code, int status) {
        Response response = new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1:9000/seals/k").build())
                .protocol(Protocol.HTTP_1_1)
                .code(status)
                .message(code)
                .build();
        return new ErrorResponseException(new ErrorResponse(code, code, "seals", "k", "/seals/k", null, null), response, "");
    }
}
