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
 * and the signed checkpoint it leads to, and, when the chain changed keys before that checkpoint, each key hand-over
 * on the way (docs/FORMAT.md, "Key rotation"). Anyone with the chain's first verifier key can check it offline.
 *
 * <pre>
 * {"apiVersion":"auditseal.io/v1alpha1","kind":"InclusionProof","chain":"ns/name","record":"{...canonical...}",
 *  "leafIndex":N,"treeSize":M,"leafHash":"hex","auditPath":["hex",...],"checkpoint":"origin\nM\nroot\n\n— ...",
 *  "keyHandovers":[{"record":"{KeyRotation}","leafIndex":H,"treeSize":H+1,"auditPath":[...],
 *                   "checkpoint":"... (signed by both keys)","consistencyProof":[... to the next size]}]}
 * </pre>
 */
public record ProofBundle(String chain, byte[] record, long leafIndex, long treeSize, List<byte[]> auditPath,
                          String checkpoint, List<Handover> keyHandovers) {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One hand-over seal: its KeyRotation record (the last leaf of its tree), the audit path of that leaf, its
     * checkpoint (signed by the previous and the next key), and the consistency proof from its tree to the next
     * hand-over's, or to the bundle's checkpoint for the last.
     */
    public record Handover(byte[] record, long leafIndex, long treeSize, List<byte[]> auditPath, String checkpoint,
                           List<byte[]> consistencyProof) {
        public Handover {
            record = record.clone();
            auditPath = List.copyOf(auditPath);
            consistencyProof = List.copyOf(consistencyProof);
        }
    }

    public ProofBundle {
        record = record.clone();
        auditPath = List.copyOf(auditPath);
        keyHandovers = List.copyOf(keyHandovers);
    }

    public ProofBundle(String chain, byte[] record, long leafIndex, long treeSize, List<byte[]> auditPath,
                       String checkpoint) {
        this(chain, record, leafIndex, treeSize, auditPath, checkpoint, List.of());
    }

    /**
     * The key the bundle's checkpoint must be signed by, starting from {@code first}: each hand-over's checkpoint is
     * signed by the key so far and by the key its KeyRotation record names, that record is the last leaf of its
     * tree, and each tree is consistent with the next (the last with {@code finalSize} and {@code finalRoot}, which
     * {@code rootOf} gives once the final key is known).
     */
    private NoteVerifier followHandovers(NoteVerifier first) throws ProofException {
        NoteVerifier key = first;
        for (Handover handover : keyHandovers) {
            Checkpoint signed;
            try {
                signed = SignedCheckpoint.open(handover.checkpoint(), key);
            } catch (NoteException e) {
                throw new ProofException("the key hand-over at tree size " + handover.treeSize() + " is not signed by "
                        + key.encode() + ": " + e.getMessage());
            }
            java.util.Optional<io.auditseal.format.KeyRotation> rotation;
            try {
                rotation = io.auditseal.format.KeyRotation.read(handover.record());
            } catch (InvalidRecordException e) {
                throw new ProofException("the key hand-over at tree size " + handover.treeSize() + ": " + e.getMessage());
            }
            if (rotation.isEmpty() || !rotation.get().previousKey().equals(key.encode())
                    || signed.size() != handover.treeSize() || handover.leafIndex() != handover.treeSize() - 1) {
                throw new ProofException("the key hand-over at tree size " + handover.treeSize() + " is not a "
                        + "KeyRotation from " + key.encode() + " as the last leaf of its checkpoint's tree");
            }
            try {
                InclusionProof.verify(Rfc6962Hasher.SHA256, handover.leafIndex(), handover.treeSize(),
                        Rfc6962Hasher.SHA256.hashLeaf(handover.record()), handover.auditPath(), signed.rootHash());
                key = NoteVerifier.parse(rotation.get().nextKey());
                SignedCheckpoint.open(handover.checkpoint(), key);
            } catch (InvalidProofException e) {
                throw new ProofException("the KeyRotation at tree size " + handover.treeSize() + " is not in its "
                        + "checkpoint's tree: " + e.getMessage());
            } catch (NoteException e) {
                throw new ProofException("the key hand-over at tree size " + handover.treeSize() + " is not signed by "
                        + "the next key it names: " + e.getMessage());
            }
        }
        return key;
    }

    /** Each hand-over's tree is consistent with the next one's, the last with the bundle's checkpoint. */
    private void checkConsistency(Checkpoint last) throws ProofException {
        for (int i = 0; i < keyHandovers.size(); i++) {
            Handover handover = keyHandovers.get(i);
            Checkpoint from;
            Checkpoint to;
            try {
                from = SignedCheckpoint.unverified(handover.checkpoint());
                to = i + 1 < keyHandovers.size() ? SignedCheckpoint.unverified(keyHandovers.get(i + 1).checkpoint())
                        : last;
                io.auditseal.tlog.proof.ConsistencyProof.verify(Rfc6962Hasher.SHA256, from.size(), to.size(),
                        handover.consistencyProof(), from.rootHash(), to.rootHash());
            } catch (io.auditseal.tlog.note.MalformedNoteException | InvalidProofException e) {
                throw new ProofException("the key hand-over at tree size " + handover.treeSize() + " is not consistent "
                        + "with the tree after it: " + e.getMessage());
            }
        }
    }

    /**
     * Checks the bundle with {@code key}: the checkpoint is signed by it and is for {@code treeSize}, the record is
     * canonical, and the audit path leads from its leaf hash to the checkpoint's root.
     *
     * @throws ProofException naming what failed
     */
    public Checkpoint verify(NoteVerifier first) throws ProofException {
        NoteVerifier key = followHandovers(first);
        Checkpoint signed;
        try {
            signed = SignedCheckpoint.open(checkpoint, key);
        } catch (NoteException e) {
            throw new ProofException("checkpoint does not verify with " + key.name() + (keyHandovers.isEmpty() ? ""
                    : " (the key after " + keyHandovers.size() + " hand-overs, " + key.encode() + ")") + ": "
                    + e.getMessage());
        }
        checkConsistency(signed);
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
        if (!keyHandovers.isEmpty()) {
            var handovers = root.putArray("keyHandovers");
            for (Handover handover : keyHandovers) {
                ObjectNode h = handovers.addObject();
                h.put("record", new String(handover.record(), StandardCharsets.UTF_8));
                h.put("leafIndex", handover.leafIndex());
                h.put("treeSize", handover.treeSize());
                var hPath = h.putArray("auditPath");
                handover.auditPath().forEach(hash -> hPath.add(HEX.formatHex(hash)));
                h.put("checkpoint", handover.checkpoint());
                var consistency = h.putArray("consistencyProof");
                handover.consistencyProof().forEach(hash -> consistency.add(HEX.formatHex(hash)));
            }
        }
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
            List<Handover> handovers = new ArrayList<>();
            for (JsonNode h : root.path("keyHandovers")) {
                handovers.add(new Handover(h.path("record").asText().getBytes(StandardCharsets.UTF_8),
                        h.path("leafIndex").asLong(-1), h.path("treeSize").asLong(-1), hashes(h.path("auditPath")),
                        h.path("checkpoint").asText(), hashes(h.path("consistencyProof"))));
            }
            return new ProofBundle(root.path("chain").asText(), root.path("record").asText().getBytes(StandardCharsets.UTF_8),
                    root.path("leafIndex").asLong(-1), root.path("treeSize").asLong(-1), path, root.path("checkpoint").asText(),
                    handovers);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProofException("proof bundle is not valid: " + e.getMessage());
        }
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode hash : array) {
            hashes.add(HEX.parseHex(hash.asText()));
        }
        return hashes;
    }

    /** A proof that does not prove what it claims. */
    public static final class ProofException extends Exception {
        public ProofException(String message) {
            super(message);
        }
    }
}
