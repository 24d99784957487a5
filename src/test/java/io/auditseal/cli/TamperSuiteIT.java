package io.auditseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.TestS3;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.minio.PutObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tamper suite: a chain sealed into a GOVERNANCE bucket on radosgw (so the test, like an insider with the
 * bypass permission, can rewrite it), then damaged in each way an attacker could; `auditseal verify` must exit 1
 * with the specific reason code every time, and 0 for the intact chain.
 */
class TamperSuiteIT {

    private static final String BUCKET = TestS3.uniqueName("auditseal-tamper-");
    private static final HexFormat HEX = HexFormat.of();

    private static MinioClient admin;
    private static S3Store store;

    private ChainId chain;
    private final List<AssembledSeal> seals = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void bucket() throws Exception {
        admin = TestS3.admin();
        TestS3.createLockedBucket(admin, BUCKET);
        store = S3Store.open(TestS3.config(BUCKET));
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
        admin.close();
    }

    /** Three seals of four records, each test in a namespace of its own, signed by the chain's key. */
    @BeforeEach
    void sealChain(TestInfo test) throws Exception {
        chain = new ChainId("tamper", "c" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffffff));
        Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed(chain.defaultOrigin(), new byte[32]);
        SealAssembler assembler = new SealAssembler(chain, signer, InstantSource.system());
        ChainHead head = ChainHead.genesis();
        for (int s = 0; s < 3; s++) {
            List<CanonicalRecord> records = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                records.add(new CanonicalRecord(RecordCanonicalizer.canonicalize(("{\"auditID\":\"" + s + "-" + i
                        + "\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}").getBytes(StandardCharsets.UTF_8)), Instant.now()));
            }
            AssembledSeal seal = assembler.assemble(head, records);
            put(SealLayout.eventsKey(s), seal.eventsObject());
            put(SealLayout.manifestKey(s), seal.manifestBytes());
            seals.add(seal);
            head = seal.next();
        }
    }

    @Test
    void intactChain_verifies() throws Exception {
        assertEquals("OK", verify());
    }

    @Test
    void oneByteOfOneRecordChanged_isDigestMismatch() throws Exception {
        byte[] lines = gunzip(seals.get(1).eventsObject());
        lines[5] = (byte) (lines[5] == '1' ? '9' : '1');
        replace(SealLayout.eventsKey(1), gzip(lines));
        assertEquals("DIGEST_MISMATCH", verify());
    }

    @Test
    void recordRemovedAndDigestPatched_isRecordCountMismatch() throws Exception {
        String lines = new String(gunzip(seals.get(1).eventsObject()), StandardCharsets.UTF_8);
        byte[] fewer = gzip(lines.substring(lines.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8));
        replaceEventsAndPatchManifest(1, fewer);
        assertEquals("RECORD_COUNT_MISMATCH", verify());
    }

    @Test
    void twoRecordsSwappedAndDigestPatched_isBatchRootMismatch() throws Exception {
        String[] lines = new String(gunzip(seals.get(1).eventsObject()), StandardCharsets.UTF_8).split("\n");
        String swapped = lines[1] + "\n" + lines[0] + "\n" + lines[2] + "\n" + lines[3] + "\n";
        replaceEventsAndPatchManifest(1, gzip(swapped.getBytes(StandardCharsets.UTF_8)));
        assertEquals("BATCH_ROOT_MISMATCH", verify());
    }

    @Test
    void eventsReplacedByAnotherSeals_isDigestMismatch() throws Exception {
        replace(SealLayout.eventsKey(1), seals.get(2).eventsObject());
        assertEquals("DIGEST_MISMATCH", verify());
    }

    @Test
    void manifestFieldEdited_breaksTheNextSealsLink() throws Exception {
        SealManifest m = seals.get(1).manifest();
        SealManifest edited = new SealManifest(m.chain(), m.origin(), m.sequence(), m.firstIndex(), m.treeSize(),
                m.recordCount(), m.firstTimestamp().minusSeconds(3600), m.lastTimestamp(), m.events(), m.batchRoot(),
                m.rootHash(), m.compactRange(), m.previousManifestSha256(), m.checkpoint(), m.createdAt());
        replace(SealLayout.manifestKey(1), ManifestCodec.encode(edited));
        assertEquals("CHAIN_BROKEN", verify());
    }

    @Test
    void manifestSignedByAnotherKey_isSignatureInvalid() throws Exception {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        SealAssembler forger = new SealAssembler(chain, Ed25519PrivateKey.fromSeed(chain.defaultOrigin(), seed), InstantSource.system());
        AssembledSeal forged = forger.assemble(seals.get(1).next(),
                lines(seals.get(2).eventsObject()).stream().map(l -> new CanonicalRecord(l, Instant.now())).toList());
        replace(SealLayout.manifestKey(2), forged.manifestBytes());
        assertEquals("SIGNATURE_INVALID", verify());
    }

    @Test
    void sealDeletedFromTheMiddle_isSequenceGap() throws Exception {
        deleteAllVersions(SealLayout.eventsKey(1));
        deleteAllVersions(SealLayout.manifestKey(1));
        assertEquals("SEQUENCE_GAP", verify());
    }

    @Test
    void newestSealsDeleted_areCaughtWithTheKeptCheckpoint() throws Exception {
        Path kept = dir.resolve("kept.checkpoint");
        Files.writeString(kept, seals.get(2).manifest().checkpoint());
        deleteAllVersions(SealLayout.eventsKey(2));
        deleteAllVersions(SealLayout.manifestKey(2));
        assertEquals("OK", verify(), "without the kept checkpoint a truncated chain looks intact");
        assertEquals("INCONSISTENT_WITH_TRUSTED_CHECKPOINT", verify("--trusted-checkpoint", kept.toString()));
    }

    @Test
    void retentionShorterThanPolicy_isRetentionShortened() throws Exception {
        assertEquals("RETENTION_SHORTENED", verify("--min-retention-days", "30"));
        assertEquals("RETENTION_SHORTENED", verify("--require-mode", "COMPLIANCE"));
    }

    @Test
    void sealWrittenAgainWithTheSameBytes_verifiesAndIsReportedAsADuplicateVersion() throws Exception {
        // What a retried PUT leaves on a server that ignores If-None-Match: the same bytes, twice. Not a rewrite.
        put(SealLayout.manifestKey(0), seals.get(0).manifestBytes());

        JsonNode report = new ObjectMapper().readTree(run());
        assertTrue(report.get("verified").asBoolean(), report.toString());
        assertEquals(1, report.get("notices").size(), report.toString());
        assertTrue(report.get("notices").get(0).asText().contains("is stored as 2 identical versions"), report.toString());
    }

    /** Runs verify on the chain; returns "OK" on exit 0, else the reason code of the JSON report (exit must be 1). */
    private String verify(String... extra) throws Exception {
        String out = run(extra);
        JsonNode report = new ObjectMapper().readTree(out);
        if (report.get("verified").asBoolean()) {
            return "OK";
        }
        return report.get("failure").get("reason").asText();
    }

    /** The JSON report of verify on the chain; its exit code must say the same as the report. */
    private String run(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--chain", chain.toString(), "--s3-endpoint", TestS3.ENDPOINT,
                "--bucket", BUCKET, "--region", TestS3.REGION, "--path-style", "--access-key", TestS3.ACCESS_KEY, "--secret-key", TestS3.SECRET_KEY,
                "--vkey", Ed25519PrivateKey.fromSeed(chain.defaultOrigin(), new byte[32]).verifier().encode(), "--output", "json"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        CommandLine cli = AuditSealCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args.toArray(String[]::new));
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertEquals(report.get("verified").asBoolean() ? 0 : 1, exit, out.toString());
        return out.toString();
    }

    /** A raw PutObject, as anyone with write access can send: a new version, whatever the key holds. */
    private void put(String chainKey, byte[] bytes) throws Exception {
        admin.putObject(PutObjectArgs.builder().bucket(BUCKET).object(SealLayout.objectKey(chain, chainKey))
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                .retention(new io.minio.messages.Retention(io.minio.messages.RetentionMode.GOVERNANCE,
                        ZonedDateTime.now(ZoneOffset.UTC).plusDays(1)))
                .build());
    }

    /** What an insider with the governance bypass can do: remove every version, then write new content once. */
    private void replace(String chainKey, byte[] bytes) throws Exception {
        deleteAllVersions(chainKey);
        put(chainKey, bytes);
    }

    private void replaceEventsAndPatchManifest(int sequence, byte[] events) throws Exception {
        SealManifest m = seals.get(sequence).manifest();
        String sha = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(events));
        SealManifest patched = new SealManifest(m.chain(), m.origin(), m.sequence(), m.firstIndex(), m.treeSize(),
                m.recordCount(), m.firstTimestamp(), m.lastTimestamp(),
                new SealManifest.EventsObject(m.events().key(), sha, events.length), m.batchRoot(), m.rootHash(),
                m.compactRange(), m.previousManifestSha256(), m.checkpoint(), m.createdAt());
        replace(SealLayout.eventsKey(sequence), events);
        replace(SealLayout.manifestKey(sequence), ManifestCodec.encode(patched));
    }

    private void deleteAllVersions(String chainKey) throws Exception {
        String key = SealLayout.objectKey(chain, chainKey);
        for (Result<Item> result : admin.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(key)
                .includeVersions(true).recursive(true).build())) {
            Item item = result.get();
            if (item.objectName().equals(key)) {
                admin.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).versionId(item.versionId())
                        .bypassGovernanceMode(true).build());
            }
        }
    }

    private static List<byte[]> lines(byte[] gzip) throws Exception {
        List<byte[]> lines = new ArrayList<>();
        for (String line : new String(gunzip(gzip), StandardCharsets.UTF_8).split("\n")) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static byte[] gunzip(byte[] gzip) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
