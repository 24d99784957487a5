package io.auditseal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.format.ChainId;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.note.CosignatureVerifier;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.RecordSink;
import io.auditseal.verify.VerifiedSeal;
import io.auditseal.verify.VerifyOptions;
import io.auditseal.verify.WitnessPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code auditseal verify}: checks a whole chain from storage and a verifier key the auditor holds, trusting
 * neither the cluster nor the operator. Exit 0 verified, 1 verification failed, 2 usage or access error.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a chain from its bucket or directory with the chain's verifier key.")
public final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ChainSource chainSource;

    @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
            description = "A checkpoint kept from an earlier run: the chain must extend it.")
    Path trustedCheckpoint;

    @Option(names = "--require-mode", description = "Object Lock mode every object must have: COMPLIANCE or GOVERNANCE (S3).")
    RetentionMode requireMode;

    @Option(names = "--min-retention-days", defaultValue = "0",
            description = "Every object must stay locked at least this many days after its seal (S3).")
    int minRetentionDays;

    @Option(names = "--from-seq", defaultValue = "0", description = "First seal to verify (the one before is trusted).")
    long fromSequence;

    @Option(names = "--to-seq", defaultValue = "" + Long.MAX_VALUE, description = "Last seal to verify.")
    long toSequence;

    @Option(names = "--output", defaultValue = "text", description = "text (default) or json.")
    String output;

    @Option(names = "--witness-vkey", paramLabel = "VKEY",
            description = "A witness's cosignature/v1 verifier key (repeatable): require cosignatures, see --min-witnesses.")
    java.util.List<String> witnessVkeys = new java.util.ArrayList<>();

    @Option(names = "--min-witnesses", paramLabel = "N",
            description = "How many of the --witness-vkey witnesses must have cosigned (default 1).")
    Integer minWitnesses;

    @Option(names = "--max-witness-lag-minutes", defaultValue = "60", paramLabel = "M",
            description = "The newest seal cosigned by enough witnesses may be at most this much older than the "
                    + "newest seal (default 60).")
    long maxWitnessLagMinutes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChainId chainId;
        NoteVerifier verifier;
        Optional<Checkpoint> trusted = Optional.empty();
        try {
            chainId = chainSource.chainId();
            verifier = chainSource.verifier();
            if (trustedCheckpoint != null) {
                trusted = Optional.of(SignedCheckpoint.open(Files.readString(trustedCheckpoint), verifier));
            }
            if (!output.equals("text") && !output.equals("json")) {
                throw new IllegalArgumentException("--output must be text or json");
            }
        } catch (IOException | NoteException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        boolean locks = chainSource.locks();
        VerifyOptions options = new VerifyOptions(locks, Optional.ofNullable(requireMode),
                Duration.ofDays(minRetentionDays), trusted, fromSequence, toSequence);
        try {
            if (!witnessVkeys.isEmpty()) {
                java.util.List<CosignatureVerifier> witnesses = new java.util.ArrayList<>();
                for (String vkey : witnessVkeys) {
                    witnesses.add(CosignatureVerifier.parse(vkey));
                }
                options = options.withWitnesses(new WitnessPolicy(witnesses,
                        minWitnesses == null ? 1 : minWitnesses, Duration.ofMinutes(maxWitnessLagMinutes)));
            } else if (minWitnesses != null) {
                throw new IllegalArgumentException("--min-witnesses needs --witness-vkey");
            }
        } catch (NoteException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        ChainReport report;
        ObjectStore store = null;
        try {
            store = chainSource.openStore();
            RecordSink progress = VerifyProgress.forTerminal(err);
            report = new ChainVerifier(store, chainId, chainSource.verifiers()).verify(options, progress);
            if (progress instanceof VerifyProgress terminal) {
                terminal.finish();
            }
        } catch (IOException | NoteException e) {
            err.println("verify: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        } catch (StoreException | IllegalArgumentException e) {
            err.println("verify: cannot read the store: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        } finally {
            ChainSource.close(store);
        }
        if (output.equals("json")) {
            out.println(json(report));
        } else {
            text(report, out);
        }
        out.flush();
        return report.intact() ? AuditSealCommand.EXIT_OK : AuditSealCommand.EXIT_FAILED;
    }

    private static void text(ChainReport report, PrintWriter out) {
        out.printf("chain %s: %s%n", report.chain(), report.intact() ? "VERIFIED" : "FAILED");
        out.printf("  seals verified  %d%n", report.verified().size());
        out.printf("  records         %d (tree size)%n", report.records());
        report.lastCheckpoint().ifPresent(c -> out.printf("  root hash       %s%n", c.rootHashHex()));
        report.failure().ifPresent(e -> out.printf("  failure         seal %d: %s%n    %s%n", e.sequence(), e.reason(), e.getMessage()));
        report.notices().forEach(notice -> out.printf("  notice          %s%n", notice));
        if (report.keys().size() > 1) {
            for (var period : report.keys()) {
                out.printf("  key             %s signed seals %d-%d%s%n", period.key(), period.firstSequence(),
                        period.lastSequence(), period.revokedFromTreeSize().isPresent()
                                ? " (revoked from tree size " + period.revokedFromTreeSize().getAsLong() + ")" : "");
            }
        }
        if (!report.verified().isEmpty()) {
            out.println("  newest checkpoint (keep it for --trusted-checkpoint next time):");
            for (String line : report.verified().get(report.verified().size() - 1).manifest().checkpoint().split("\n")) {
                out.println("    " + line);
            }
        }
    }

    /** The JSON report: see docs/VERIFY.md for its schema. */
    static String json(ChainReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("apiVersion", "auditseal.io/v1alpha1");
        root.put("kind", "VerificationReport");
        root.put("chain", report.chain().toString());
        root.put("verified", report.intact());
        ArrayNode seals = root.putArray("seals");
        for (VerifiedSeal seal : report.verified()) {
            ObjectNode s = seals.addObject();
            s.put("sequence", seal.manifest().sequence());
            s.put("firstIndex", seal.manifest().firstIndex());
            s.put("treeSize", seal.manifest().treeSize());
            s.put("recordCount", seal.manifest().recordCount());
            s.put("rootHash", seal.manifest().rootHash());
            s.put("result", "OK");
        }
        report.failure().ifPresent(e -> {
            ObjectNode s = seals.addObject();
            s.put("sequence", e.sequence());
            s.put("result", "FAILED");
            s.put("reason", e.reason().name());
            s.put("message", e.getMessage());
        });
        ObjectNode totals = root.putObject("totals");
        totals.put("seals", report.verified().size());
        totals.put("records", report.records());
        report.failure().ifPresentOrElse(e -> {
            ObjectNode failure = root.putObject("failure");
            failure.put("sequence", e.sequence());
            failure.put("reason", e.reason().name());
            failure.put("message", e.getMessage());
        }, () -> root.putNull("failure"));
        ArrayNode keys = root.putArray("keys");
        for (var period : report.keys()) {
            ObjectNode key = keys.addObject();
            key.put("key", period.key());
            key.put("firstSequence", period.firstSequence());
            key.put("lastSequence", period.lastSequence());
            key.put("lastTreeSize", period.lastTreeSize());
            period.revokedFromTreeSize().ifPresent(size -> key.put("revokedFromTreeSize", size));
        }
        ArrayNode notices = root.putArray("notices");
        report.notices().forEach(notices::add);
        if (report.verified().isEmpty()) {
            root.putNull("checkpoint");
        } else {
            root.put("checkpoint", report.verified().get(report.verified().size() - 1).manifest().checkpoint());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("logic error: a report tree always serialises", e);
        }
    }

}
