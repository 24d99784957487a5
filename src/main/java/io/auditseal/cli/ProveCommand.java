package io.auditseal.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.InvalidRecordException;
import io.auditseal.format.OversizeRecord;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.format.UncanonicalRecord;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.proof.LeafHashTree;
import io.auditseal.tlog.proof.ProofBuilder;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.ProofBundle;
import io.auditseal.verify.VerifyOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditseal prove}: finds one record in a verified chain and prints an inclusion proof bundle for the newest
 * checkpoint. A record file holding the event as kept elsewhere is canonicalised the same way; kube-apiserver's log
 * backend also writes {@code "kind":"Event","apiVersion":"audit.k8s.io/v1"} on each event, which the webhook's
 * EventList items do not carry, so an event from the log file is also looked up without those two fields.
 * Exit 0 only if the proof verifies.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Print an inclusion proof for one record of a chain.")
public final class ProveCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ChainSource chainSource;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @ArgGroup(exclusive = false)
        ById byId;

        @Option(names = "--record-file", paramLabel = "FILE", description = "A file holding the record's JSON (any formatting).")
        Path recordFile;
    }

    static final class ById {
        @Option(names = "--audit-id", required = true, description = "The event's auditID.")
        String auditId;

        @Option(names = "--stage", required = true, description = "The event's stage, e.g. ResponseComplete.")
        String stage;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NoteVerifier verifier;
        byte[] wanted = null;
        byte[] webhookForm = null;
        try {
            verifier = chainSource.verifier();
            if (which.recordFile != null) {
                try {
                    wanted = RecordCanonicalizer.canonicalize(Files.readAllBytes(which.recordFile));
                } catch (InvalidRecordException e) {
                    throw new IllegalArgumentException(which.recordFile + " has no canonical form (" + e.getMessage()
                            + "): the chain holds such a record as an UncanonicalRecord of the exact bytes the sink "
                            + "received; prove it with --audit-id and --stage");
                }
                webhookForm = asWebhookItem(wanted);
            }
        } catch (IOException | InvalidRecordException | io.auditseal.tlog.note.NoteException | IllegalArgumentException e) {
            err.println("prove: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        List<byte[]> leafHashes = new ArrayList<>();
        // The chain's key hand-over records, by leaf index: a bundle carries each one it passes.
        java.util.Map<Long, byte[]> rotationRecords = new java.util.HashMap<>();
        long[] found = {-1};
        long[] matching = {0};
        byte[][] record = new byte[1][];
        byte[] target = wanted;
        byte[] alternative = webhookForm;
        // Lenient enough for any event kube-apiserver can send (uncanonical ones included): Go's nesting limit.
        ObjectMapper json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(10_000).maxNumberLength(Integer.MAX_VALUE).build()).build());
        ChainReport report;
        ObjectStore store = null;
        try {
            store = chainSource.openStore();
            report = new ChainVerifier(store, chainSource.chainId(), verifier).verify(VerifyOptions.defaults(), (index, line) -> {
                leafHashes.add(Rfc6962Hasher.SHA256.hashLeaf(line));
                if (isKeyRotation(line)) {
                    rotationRecords.put(index, line);
                }
                if (matches(line, target, json) || (alternative != null && Arrays.equals(line, alternative))) {
                    matching[0]++;
                    if (found[0] < 0) {
                        found[0] = index;
                        record[0] = line;
                    }
                }
            });
        } catch (StoreException | IllegalArgumentException e) {
            err.println("prove: cannot read the store: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        } finally {
            ChainSource.close(store);
        }
        if (!report.intact()) {
            err.println("prove: the chain does not verify: " + report.failure().get().getMessage());
            return AuditSealCommand.EXIT_FAILED;
        }
        if (found[0] < 0) {
            err.println("prove: no such record in chain " + report.chain() + " (" + report.records() + " records)");
            return AuditSealCommand.EXIT_FAILED;
        }
        if (matching[0] > 1 && which.byId != null) {
            // The auditID is the client's Audit-ID header: several requests can carry the same one.
            err.println("prove: " + matching[0] + " records of chain " + report.chain() + " carry auditID "
                    + which.byId.auditId + " stage " + which.byId.stage + "; proving the first, at index " + found[0]
                    + ". Give --record-file to prove a particular one");
        }
        long size = report.records();
        List<byte[]> path = new ProofBuilder(new LeafHashTree(Rfc6962Hasher.SHA256, leafHashes.subList(0, (int) size)))
                .inclusion(found[0], size);
        String checkpoint = report.verified().get(report.verified().size() - 1).manifest().checkpoint();
        ProofBundle bundle = new ProofBundle(report.chain().toString(), record[0], found[0], size, path, checkpoint,
                handovers(report, leafHashes, rotationRecords, size));
        try {
            bundle.verify(verifier);
        } catch (ProofBundle.ProofException e) {
            err.println("prove: logic error, the proof built does not verify: " + e.getMessage());
            return AuditSealCommand.EXIT_FAILED;
        }
        out.println(bundle.toJson());
        out.flush();
        return AuditSealCommand.EXIT_OK;
    }

    /** The key hand-overs of the chain, each with its proofs, for a bundle whose checkpoint has {@code size}. */
    private static List<ProofBundle.Handover> handovers(ChainReport report, List<byte[]> leafHashes,
                                                        java.util.Map<Long, byte[]> records, long size) {
        ProofBuilder tree = new ProofBuilder(new LeafHashTree(Rfc6962Hasher.SHA256, leafHashes.subList(0, (int) size)));
        List<io.auditseal.verify.VerifiedSeal> seals = report.verified().stream()
                .filter(seal -> seal.handover().isPresent()).toList();
        List<ProofBundle.Handover> handovers = new ArrayList<>();
        for (int i = 0; i < seals.size(); i++) {
            var manifest = seals.get(i).manifest();
            long next = i + 1 < seals.size() ? seals.get(i + 1).manifest().treeSize() : size;
            handovers.add(new ProofBundle.Handover(records.get(manifest.firstIndex()), manifest.firstIndex(),
                    manifest.treeSize(), tree.inclusion(manifest.firstIndex(), manifest.treeSize()),
                    manifest.checkpoint(), tree.consistency(manifest.treeSize(), next)));
        }
        return handovers;
    }

    private static boolean isKeyRotation(byte[] line) {
        try {
            return io.auditseal.format.KeyRotation.read(line).isPresent();
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    /**
     * The canonical record as the audit webhook sends it, when {@code canonical} is an audit Event as the log
     * backend writes it (with kind and apiVersion); otherwise null.
     */
    static byte[] asWebhookItem(byte[] canonical) throws InvalidRecordException {
        try {
            JsonNode node = new ObjectMapper().readTree(canonical);
            if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode event
                    && "Event".equals(event.path("kind").asText()) && event.path("apiVersion").asText().startsWith("audit.k8s.io/")) {
                event.remove("kind");
                event.remove("apiVersion");
                return RecordCanonicalizer.canonicalize(new ObjectMapper().writeValueAsBytes(event));
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean matches(byte[] line, byte[] target, ObjectMapper json) {
        if (target != null) {
            return Arrays.equals(line, target);
        }
        // An event sealed as an UncanonicalRecord keeps its bytes in "raw", one over the record limit its members
        // in an OversizeRecord's "event": look for the ID there.
        byte[] unwrapped = UncanonicalRecord.unwrap(line).orElse(line);
        byte[] event = OversizeRecord.event(unwrapped).orElse(unwrapped);
        // Cheap filter before parsing: the ID must appear in the line.
        if (!new String(event, StandardCharsets.UTF_8).contains(which.byId.auditId)) {
            return false;
        }
        try {
            JsonNode node = json.readTree(event);
            return which.byId.auditId.equals(node.path("auditID").asText(null))
                    && which.byId.stage.equals(node.path("stage").asText(null));
        } catch (IOException e) {
            return false;
        }
    }
}
