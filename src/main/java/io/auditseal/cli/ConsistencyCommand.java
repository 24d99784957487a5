package io.auditseal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.proof.ConsistencyProof;
import io.auditseal.tlog.proof.InvalidProofException;
import io.auditseal.tlog.proof.LeafHashTree;
import io.auditseal.tlog.proof.ProofBuilder;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditseal consistency}: an RFC 9162 consistency proof from a checkpoint kept earlier to a newer one (by
 * default the chain's newest), built from the verified chain and checked before it is printed. It shows that the
 * newer tree extends the older one: nothing was rewritten or removed in between. Exit 0 consistent, 1 not, 2 usage.
 */
@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = "Prove that the chain's newer checkpoint extends an older one.")
public final class ConsistencyCommand implements Callable<Integer> {

    private static final HexFormat HEX = HexFormat.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ChainSource chainSource;

    @Option(names = "--old-checkpoint", required = true, paramLabel = "FILE", description = "The checkpoint kept earlier.")
    Path oldCheckpoint;

    @Option(names = "--new-checkpoint", paramLabel = "FILE", description = "A newer checkpoint (default: the chain's newest).")
    Path newCheckpoint;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        NoteVerifier verifier;
        Checkpoint older;
        Checkpoint newer = null;
        try {
            verifier = chainSource.verifier();
            older = SignedCheckpoint.open(Files.readString(oldCheckpoint), verifier);
            if (newCheckpoint != null) {
                newer = SignedCheckpoint.open(Files.readString(newCheckpoint), verifier);
            }
        } catch (IOException | NoteException | IllegalArgumentException e) {
            err.println("consistency: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        List<byte[]> leafHashes = new ArrayList<>();
        ChainReport report;
        ObjectStore store = null;
        try {
            store = chainSource.openStore();
            report = new ChainVerifier(store, chainSource.chainId(), verifier).verify(VerifyOptions.defaults(),
                    (index, line) -> leafHashes.add(Rfc6962Hasher.SHA256.hashLeaf(line)));
        } catch (StoreException | IllegalArgumentException e) {
            err.println("consistency: cannot read the store: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        } finally {
            ChainSource.close(store);
        }
        if (!report.intact()) {
            out.println("INCONSISTENT: the chain does not verify: " + report.failure().get().getMessage());
            return AuditSealCommand.EXIT_FAILED;
        }
        if (newer == null) {
            newer = report.lastCheckpoint().orElse(null);
        }
        if (newer == null || newer.size() < older.size() || newer.size() > report.records()) {
            out.println("INCONSISTENT: the chain holds " + report.records() + " records; it cannot prove size "
                    + older.size() + " -> " + (newer == null ? "none" : newer.size()));
            return AuditSealCommand.EXIT_FAILED;
        }
        LeafHashTree tree = new LeafHashTree(Rfc6962Hasher.SHA256, leafHashes.subList(0, (int) newer.size()));
        List<byte[]> proof = new ProofBuilder(tree).consistency(older.size(), newer.size());
        try {
            ConsistencyProof.verify(Rfc6962Hasher.SHA256, older.size(), newer.size(), proof, older.rootHash(), newer.rootHash());
        } catch (InvalidProofException e) {
            out.println("INCONSISTENT: " + e.getMessage());
            return AuditSealCommand.EXIT_FAILED;
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("apiVersion", "auditseal.io/v1alpha1");
        root.put("kind", "ConsistencyProof");
        root.put("chain", report.chain().toString());
        root.put("oldSize", older.size());
        root.put("oldRoot", older.rootHashHex());
        root.put("newSize", newer.size());
        root.put("newRoot", newer.rootHashHex());
        var path = root.putArray("proof");
        proof.forEach(hash -> path.add(HEX.formatHex(hash)));
        try {
            out.println(json.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException("logic error: a proof tree always serialises", e);
        }
        out.flush();
        return AuditSealCommand.EXIT_OK;
    }
}
