package io.auditseal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealLayout;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.TestS3;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.minio.MinioClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `auditseal verify` against radosgw: Object Lock checked on every object, besides the format. */
class VerifyS3IT {

    private static final ChainId CHAIN = new ChainId("prod", "cluster-a");
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final String LOCKED = "auditseal-verify-" + RUN;
    private static final String UNLOCKED = "auditseal-verify-plain-" + RUN;
    private static final String SKEWED = "auditseal-verify-skewed-" + RUN;
    /** How far behind the store's clock the skewed sink's clock runs. */
    private static final Duration BEHIND = Duration.ofDays(10);
    private static Ed25519PrivateKey key;

    @BeforeAll
    static void sealIntoBothBuckets() throws Exception {
        try (MinioClient admin = TestS3.admin()) {
            TestS3.createLockedBucket(admin, LOCKED);
            TestS3.createPlainBucket(admin, UNLOCKED);
            TestS3.createLockedBucket(admin, SKEWED);
        }
        key = Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), new byte[32]);
        seal(LOCKED, new Retention(RetentionMode.COMPLIANCE, Instant.now().plus(Duration.ofDays(1)).plus(Duration.ofHours(1))));
        seal(UNLOCKED, null);
        // A sink whose clock runs 10 days behind locks for 30 days from its own "now": 20 days from the store's.
        InstantSource behind = () -> Instant.now().minus(BEHIND);
        seal(SKEWED, new Retention(RetentionMode.COMPLIANCE, behind.instant().plus(Duration.ofDays(30))), behind);
    }

    private static void seal(String bucket, Retention retention) throws Exception {
        seal(bucket, retention, InstantSource.system());
    }

    private static void seal(String bucket, Retention retention, InstantSource clock) throws Exception {
        try (S3Store store = S3Store.open(TestS3.config(bucket))) {
            SealAssembler assembler = new SealAssembler(CHAIN, key, clock);
            ChainHead head = ChainHead.genesis();
            for (int s = 0; s < 2; s++) {
                List<CanonicalRecord> records = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    records.add(new CanonicalRecord(RecordCanonicalizer.canonicalize(("{\"auditID\":\"" + s + "-" + i
                            + "\",\"stage\":\"ResponseComplete\"}").getBytes(StandardCharsets.UTF_8)), Instant.now()));
                }
                AssembledSeal seal = assembler.assemble(head, records);
                String prefix = SealLayout.chainPrefix(CHAIN);
                store.put(prefix + SealLayout.eventsKey(s), seal.eventsObject(), PutOptions.events(retention));
                store.put(prefix + SealLayout.manifestKey(s), seal.manifestBytes(), PutOptions.manifest(retention));
                head = seal.next();
            }
        }
    }

    @Test
    void lockedChain_meetingThePolicy_verifies() {
        assertEquals(0, verify(LOCKED, "--require-mode", "COMPLIANCE", "--min-retention-days", "1").exitCode);
    }

    @Test
    void lockedChain_shorterThanPolicyOrOtherMode_isRetentionShortened() throws Exception {
        Result days = verify(LOCKED, "--min-retention-days", "30", "--output", "json");
        assertEquals(1, days.exitCode);
        assertEquals("RETENTION_SHORTENED", reason(days));
        Result mode = verify(LOCKED, "--require-mode", "GOVERNANCE", "--output", "json");
        assertEquals(1, mode.exitCode);
        assertEquals("RETENTION_SHORTENED", reason(mode));
    }

    @Test
    void sinkClockBehindTheStores_shortLocksAreCaughtByTheStoresLastModified() throws Exception {
        // By the manifests' createdAt alone the 30 days hold; by the store's clock, 20 days are left.
        Result result = verify(SKEWED, "--min-retention-days", "30", "--output", "json");
        assertEquals(1, result.exitCode, result.output);
        assertEquals("RETENTION_SHORTENED", reason(result));
        assertTrue(result.output.contains("Last-Modified"), result.output);
        assertEquals(0, verify(SKEWED, "--min-retention-days", "19").exitCode, "what the lock does give passes");
    }

    @Test
    void unlockedChain_isNotLocked() throws Exception {
        Result result = verify(UNLOCKED, "--output", "json");
        assertEquals(1, result.exitCode, result.output);
        assertEquals("NOT_LOCKED", reason(result));
    }

    private static String reason(Result result) throws Exception {
        return new ObjectMapper().readTree(result.output).get("failure").get("reason").asText();
    }

    private static Result verify(String bucket, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--chain", CHAIN.toString(), "--s3-endpoint", TestS3.ENDPOINT,
                "--bucket", bucket, "--region", TestS3.REGION, "--path-style", "--access-key", TestS3.ACCESS_KEY, "--secret-key", TestS3.SECRET_KEY,
                "--vkey", key.verifier().encode()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return new Result(cli.execute(args.toArray(String[]::new)), out.toString());
    }

    private record Result(int exitCode, String output) {
    }
}
