package io.auditseal.format;

import io.auditseal.seal.AssembledSeal;
import io.auditseal.seal.CanonicalRecord;
import io.auditseal.seal.SealAssembler;
import io.auditseal.tlog.note.Cosignature;
import io.auditseal.tlog.note.Cosigner;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The worked example of docs/FORMAT.md: a chain of two seals built by the project's own sealing code from fixed
 * inputs and a published test key, rendered as Markdown. FormatExampleTest keeps the document equal to it.
 */
final class FormatExample {

    static final ChainId CHAIN = new ChainId("example", "cluster-a");
    private static final HexFormat HEX = HexFormat.of();

    /** Seal 0: two audit events as kube-apiserver sends them (key order and spacing are the sender's). */
    static final List<String> SEAL_0 = List.of(
            """
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"0b7e2a4c-1d2f-4e5a-9b6c-000000000001",\
            "stage":"ResponseComplete","requestURI":"/api/v1/namespaces","verb":"create",\
            "user":{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]},\
            "sourceIPs":["127.0.0.1"],"objectRef":{"resource":"namespaces","name":"demo","apiVersion":"v1"},\
            "responseStatus":{"metadata":{},"code":201},\
            "requestReceivedTimestamp":"2026-11-26T10:00:00.100000Z","stageTimestamp":"2026-11-26T10:00:00.104000Z"}""",
            """
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"0b7e2a4c-1d2f-4e5a-9b6c-000000000002",\
            "stage":"ResponseComplete","requestURI":"/api/v1/namespaces/demo/configmaps","verb":"create",\
            "user":{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]},\
            "sourceIPs":["127.0.0.1"],"objectRef":{"resource":"configmaps","namespace":"demo","name":"settings","apiVersion":"v1"},\
            "responseStatus":{"metadata":{},"code":201},\
            "requestReceivedTimestamp":"2026-11-26T10:00:01.200000Z","stageTimestamp":"2026-11-26T10:00:01.203000Z"}""");

    /** Seal 1: one admission record, AuditSeal's own record kind. */
    static final List<String> SEAL_1 = List.of(
            """
            {"apiVersion":"auditseal.io/v1alpha1","kind":"AdmissionRecord","receivedAt":"2026-11-26T10:00:09.000000Z",\
            "request":{"uid":"7d1c9a52-5a0e-4c3b-8f6e-000000000003","kind":{"group":"","version":"v1","kind":"ConfigMap"},\
            "resource":{"group":"","version":"v1","resource":"configmaps"},"operation":"UPDATE","namespace":"demo",\
            "name":"settings","userInfo":{"username":"kubernetes-admin"},"dryRun":false}}""");

    /** A published test key: seed bytes 00 01 02 ... 1f. Never use it for anything real. */
    static Ed25519PrivateKey key() throws Exception {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        return Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), seed);
    }

    /** The key the chain is handed over to in seal 2, also published: seed bytes 20 21 22 ... 3f. */
    static Ed25519PrivateKey nextKey() throws Exception {
        return Ed25519PrivateKey.fromSeed(CHAIN.defaultOrigin(), seed(0x20));
    }

    /** A witness's cosigning key, published: seed bytes 40 41 42 ... 5f. */
    static Cosigner witness() throws Exception {
        return Cosigner.fromSeed("witness.example/w1", seed(0x40));
    }

    /** When the witness cosigned seal 2: 2026-11-26T10:00:31Z. */
    static final Instant COSIGNED_AT = Instant.parse("2026-11-26T10:00:31Z");

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }

    /** Seal 2: the hand-over from the first key to the next, alone in its seal and signed by both. */
    static KeyRotation rotation() throws Exception {
        return new KeyRotation(CHAIN, Instant.parse("2026-11-26T10:00:30Z"), key().verifier().encode(),
                nextKey().verifier().encode(), java.util.OptionalLong.empty());
    }

    static List<AssembledSeal> seals() throws Exception {
        Ed25519PrivateKey key = key();
        List<AssembledSeal> seals = new ArrayList<>();
        AssembledSeal first = new SealAssembler(CHAIN, key, InstantSource.fixed(Instant.parse("2026-11-26T10:00:05Z")))
                .assemble(ChainHead.genesis(), records(SEAL_0, "2026-11-26T10:00:00.110000Z"));
        seals.add(first);
        AssembledSeal second = new SealAssembler(CHAIN, key, InstantSource.fixed(Instant.parse("2026-11-26T10:00:15Z")))
                .assemble(first.next(), records(SEAL_1, "2026-11-26T10:00:09.010000Z"));
        seals.add(second);
        KeyRotation rotation = rotation();
        seals.add(new SealAssembler(CHAIN, nextKey(), InstantSource.fixed(rotation.rotatedAt())).handingOverFrom(key)
                .assemble(second.next(), List.of(new CanonicalRecord(rotation.canonical(), rotation.rotatedAt()))));
        return seals;
    }

    /** The witness's cosignature of seal 2's checkpoint. */
    static Cosignature cosignature() throws Exception {
        return witness().cosign(checkpointText(seals().get(2)), COSIGNED_AT);
    }

    /** A seal's checkpoint body: its note text without the signatures. */
    static String checkpointText(AssembledSeal seal) throws Exception {
        return io.auditseal.tlog.note.SignedNote.text(seal.manifest().checkpoint());
    }

    static String markdown() throws Exception {
        Ed25519PrivateKey key = key();
        StringBuilder md = new StringBuilder();
        md.append("Chain `").append(CHAIN).append("`, origin `").append(CHAIN.defaultOrigin()).append("`.\n\n");
        md.append("Test key (published: seed bytes `00 01 02 ... 1f`; never use it for anything real):\n\n```\n")
                .append(key.encode()).append('\n').append(key.verifier().encode()).append("\n```\n");
        List<List<String>> inputs = List.of(SEAL_0, SEAL_1, List.of(new String(rotation().canonical(),
                StandardCharsets.UTF_8)));
        List<AssembledSeal> seals = seals();
        long index = 0;
        for (int s = 0; s < seals.size(); s++) {
            AssembledSeal seal = seals.get(s);
            SealManifest m = seal.manifest();
            md.append("\n#### Seal ").append(s).append("\n\n");
            if (s == 2) {
                md.append("A key hand-over (\"Key rotation\" above): the chain moves to a second published test key (seed ")
                        .append("bytes `20 21 ... 3f`), whose keys are\n\n```\n").append(nextKey().encode()).append('\n')
                        .append(nextKey().verifier().encode()).append("\n```\n\nThe seal's only record is the KeyRotation; ")
                        .append("its checkpoint carries two signature lines, the previous key's first.\n\n");
            }
            md.append("Records (each line of `events.jsonl` before gzip; the leaf data is the line without its `\\n`):\n\n```\n");
            List<byte[]> lines = new ArrayList<>();
            for (String input : inputs.get(s)) {
                byte[] line = RecordCanonicalizer.canonicalize(input.getBytes(StandardCharsets.UTF_8));
                lines.add(line);
                md.append(new String(line, StandardCharsets.UTF_8)).append('\n');
            }
            md.append("```\n\n| index | leaf hash = SHA-256(0x00 ‖ line) |\n|---|---|\n");
            for (byte[] line : lines) {
                md.append("| ").append(index++).append(" | `").append(HEX.formatHex(Rfc6962Hasher.SHA256.hashLeaf(line)))
                        .append("` |\n");
            }
            md.append("\n- `batchRoot` (these leaves alone): `").append(m.batchRoot()).append("`\n");
            md.append("- `rootHash` (the chain's log at treeSize ").append(m.treeSize()).append("): `")
                    .append(m.rootHash()).append("`\n");
            md.append("- `compactRange`: ").append(m.compactRange().stream().map(h -> "`" + h + "`").toList()).append('\n');
            md.append("- `").append(SealLayout.objectKey(CHAIN, m.events().key())).append("`: ").append(m.events().size())
                    .append(" bytes, sha256 `").append(m.events().sha256()).append("`, base64:\n\n```\n")
                    .append(wrap(Base64.getEncoder().encodeToString(seal.eventsObject()))).append("```\n\n");
            md.append("`").append(SealLayout.objectKey(CHAIN, SealLayout.manifestKey(m.sequence())))
                    .append("` (exact bytes, no trailing newline; SHA-256 `")
                    .append(seal.next().lastManifestSha256()).append("`):\n\n```json\n")
                    .append(new String(seal.manifestBytes(), StandardCharsets.UTF_8)).append("\n```\n\n");
            md.append("The checkpoint inside it, as text:\n\n```\n").append(m.checkpoint()).append("```\n");
        }
        Cosigner witness = witness();
        Cosignature cosignature = cosignature();
        md.append("\n#### A witness cosignature of seal 2\n\n")
                .append("A witness with a published test key (seed bytes `40 41 ... 5f`, name `")
                .append(witness.verifier().name()).append("`), vkey:\n\n```\n").append(witness.verifier().encode())
                .append("\n```\n\ncosigned seal 2's checkpoint at ").append(COSIGNED_AT).append(" (POSIX ")
                .append(cosignature.timestamp()).append("). It signed these bytes:\n\n```\ncosignature/v1\ntime ")
                .append(cosignature.timestamp()).append('\n').append(checkpointText(seals.get(2))).append("```\n\n`")
                .append(SealLayout.objectKey(CHAIN, SealLayout.cosignatureKey(2, witness.verifier().keyId())))
                .append("` holds its signature line:\n\n```\n").append(cosignature.formatLine()).append("```\n");
        return md.toString();
    }

    private static List<CanonicalRecord> records(List<String> inputs, String acceptedAt) throws InvalidRecordException {
        List<CanonicalRecord> records = new ArrayList<>();
        for (String input : inputs) {
            records.add(new CanonicalRecord(RecordCanonicalizer.canonicalize(input.getBytes(StandardCharsets.UTF_8)),
                    Instant.parse(acceptedAt)));
        }
        return records;
    }

    private static String wrap(String text) {
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < text.length(); i += 76) {
            wrapped.append(text, i, Math.min(text.length(), i + 76)).append('\n');
        }
        return wrapped.toString();
    }
}
