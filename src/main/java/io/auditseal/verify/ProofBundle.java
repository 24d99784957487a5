package io.auditseal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.format.InvalidRecordException;
import io.auditseal.format.RecordCanonicalizer;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.tlog.proof.InclusionProof;
import io.auditseal.tlog.proof.InvalidProofException;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A self-contained proof that one record is in a chain: the record's canonical JSON, its leaf index, the audit path
 * and the signed checkpoint it leads to. Anyone with the chain's verifier key can check it offline.
 *
 * <pre>
 * {"apiVersion":"auditseal.io/v1alpha1","kind":"InclusionProof","chain":"ns/name","record":"{...canonical...}",
 *  "leafIndex":N,"treeSize":M,"leafHash":"hex","auditPath":["hex",...],"checkpoint":"origin\nM\nroot\n\n— ..."}
 * </pre>
 */
public record ProofBundle(String chain, byte[] record, long leafIndex, long treeSize, List<byte[]> auditPath,
                          String checkpoint) {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ProofBundle {
        record = record.clone();
        auditPath = List.copyOf(auditPath);
    }

    /**
     * Checks the bundle with {@code key}: the checkpoint is signed by it and is for {@code treeSize}, the record is
     * canonical, and the audit path leads from its leaf hash to the checkpoint's root.
     *
     * @throws ProofException naming what failed
     */
    public Checkpoint verify(NoteVerifier key) throws ProofException {
        Checkpoint signed;
        try {
            signed = SignedCheckpoint.open(checkpoint, key);
        } catch (NoteException e) {
            throw new ProofException("checkpoint does not verify with " + key.name() + ": " + e.getMessage());
        }
        if (signed.size() != treeSize) {
            throw new ProofException("checkpoint is for tree size " + signed.size() + ", the proof for " + treeSize);
        }
        try {
            if (!Arrays.equals(RecordCanonicalizer.canonicalize(record), record)) {
                throw new ProofException("the record is not in canonical form");
            }
        } catch (InvalidRecordException e) {
            throw new ProofException("the record is not JSON: " + e.getMessage());
        }
        try {
            InclusionProof.verify(Rfc6962Hasher.SHA256, leafIndex, treeSize, Rfc6962Hasher.SHA256.hashLeaf(record),
                    auditPath, signed.rootHash());
        } catch (InvalidProofException e) {
            throw new ProofException("inclusion proof fails: " + e.getMessage());
        }
        return signed;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", "auditseal.io/v1alpha1");
        root.put("kind", "InclusionProof");
        root.put("chain", chain);
        root.put("record", new String(record, StandardCharsets.UTF_8));
        root.put("leafIndex", leafIndex);
        root.put("treeSize", treeSize);
        root.put("leafHash", HEX.formatHex(Rfc6962Hasher.SHA256.hashLeaf(record)));
        var path = root.putArray("auditPath");
        auditPath.forEach(hash -> path.add(HEX.formatHex(hash)));
        root.put("checkpoint", checkpoint);
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("logic error: a proof tree always serialises", e);
        }
    }

    public static ProofBundle fromJson(String json) throws ProofException {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !"InclusionProof".equals(root.path("kind").asText())) {
                throw new ProofException("not an InclusionProof bundle");
            }
            List<byte[]> path = new ArrayList<>();
            for (JsonNode hash : root.path("auditPath")) {
                path.add(HEX.parseHex(hash.asText()));
            }
            return new ProofBundle(root.path("chain").asText(), root.path("record").asText().getBytes(StandardCharsets.UTF_8),
                    root.path("leafIndex").asLong(-1), root.path("treeSize").asLong(-1), path, root.path("checkpoint").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new ProofException("proof bundle is not valid: " + e.getMessage());
        }
    }

    /** A proof that does not prove what it claims. */
    public static final class ProofException extends Exception {
        public ProofException(String message) {
            super(message);
        }
    }
}
