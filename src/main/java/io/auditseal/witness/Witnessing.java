package io.auditseal.witness;

import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.store.ObjectExistsException;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.StoreException;
import io.auditseal.tlog.note.Cosignature;
import io.auditseal.tlog.note.InvalidSignatureException;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteSignature;
import io.auditseal.tlog.note.SignedNote;
import io.auditseal.tlog.witness.AddCheckpointRequest;
import io.auditseal.tlog.witness.WitnessResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Submits a chain's checkpoints to its witnesses and keeps what they cosign beside the seal, under the seal's lock
 * (docs/FORMAT.md, "Witness cosignatures"). For each witness it remembers the size it last cosigned and proves
 * consistency from there; a witness it knows nothing about yet is asked with size 0 first, and its 409 says where it
 * stands. A witness that holds a tree this chain's seals do not lead to has seen a checkpoint this chain never made:
 * that is reported as a fork. Not thread-safe: one chain's submissions run one at a time.
 */
public final class Witnessing {

    private final ChainId chain;
    private final String prefix;
    private final ObjectStore store;
    private final List<Witness> witnesses;
    private final WitnessClient client;
    private final InstantSource clock;
    private final SealTree tree;
    private final Map<String, Long> cosignedSize = new ConcurrentHashMap<>();
    private final Map<String, WitnessOutcome> latest = new ConcurrentHashMap<>();

    public Witnessing(ChainId chain, ObjectStore store, List<Witness> witnesses, WitnessClient client,
                      InstantSource clock) {
        this.chain = chain;
        this.prefix = SealLayout.chainPrefix(chain);
        this.store = store;
        this.witnesses = List.copyOf(witnesses);
        this.client = client;
        this.clock = clock;
        this.tree = new SealTree(store, chain);
    }

    /** Each witness's latest outcome, in the order the chain names them (absent before the first submission). */
    public List<WitnessOutcome> outcomes() {
        List<WitnessOutcome> outcomes = new ArrayList<>();
        for (Witness witness : witnesses) {
            Optional.ofNullable(latest.get(witness.name())).ifPresent(outcomes::add);
        }
        return outcomes;
    }

    /**
     * Submits seal {@code sequence}'s checkpoint to every witness, storing each cosignature with {@code retention}.
     *
     * @return one outcome per witness
     */
    public List<WitnessOutcome> submit(long sequence, SealManifest manifest, Optional<Retention> retention) {
        List<WitnessOutcome> outcomes = new ArrayList<>();
        for (Witness witness : witnesses) {
            WitnessOutcome outcome = submit(witness, sequence, manifest, retention);
            latest.put(witness.name(), outcome);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private WitnessOutcome submit(Witness witness, long sequence, SealManifest manifest, Optional<Retention> retention) {
        long size = manifest.treeSize();
        long old = cosignedSize.getOrDefault(witness.name(), 0L);
        // At most twice: a 409 tells the size the witness holds, and the second request proves from there.
        for (int attempt = 0; attempt < 2; attempt++) {
            if (old > size) {
                return outcome(witness, WitnessOutcome.State.FORK, manifest, sequence, "holds tree size " + old
                        + " of origin " + manifest.origin() + ", larger than this chain's " + size
                        + ": a checkpoint this chain's seals do not lead to");
            }
            WitnessResponse response;
            try {
                List<byte[]> proof = old == 0 || old == size ? List.of() : tree.consistency(old, size, sequence);
                response = client.addCheckpoint(witness, new AddCheckpointRequest(old, proof, manifest.checkpoint()));
            } catch (SealTree.NotASealBoundaryException e) {
                return outcome(witness, WitnessOutcome.State.FORK, manifest, sequence, "holds tree size " + old
                        + " of origin " + manifest.origin() + ", which no seal of this chain ends at: " + e.getMessage());
            } catch (StoreException e) {
                return outcome(witness, WitnessOutcome.State.UNREACHABLE, manifest, sequence,
                        "cannot build the consistency proof from storage: " + e.getMessage());
            } catch (IOException e) {
                return outcome(witness, WitnessOutcome.State.UNREACHABLE, manifest, sequence, e.getMessage());
            }
            if (response instanceof WitnessResponse.Cosigned cosigned) {
                return keep(witness, sequence, manifest, cosigned, retention);
            }
            if (response instanceof WitnessResponse.Conflict conflict) {
                old = conflict.witnessSize();
                cosignedSize.put(witness.name(), old);
                continue;
            }
            if (response instanceof WitnessResponse.Inconsistent inconsistent) {
                return outcome(witness, WitnessOutcome.State.FORK, manifest, sequence, "answered " + inconsistent.status()
                        + " to tree size " + size + " from size " + old + " (" + inconsistent.message() + "): what it "
                        + "holds for origin " + manifest.origin() + " is not consistent with this chain");
            }
            WitnessResponse.Refused refused = (WitnessResponse.Refused) response;
            return outcome(witness, WitnessOutcome.State.REFUSED, manifest, sequence, "answered " + refused.status()
                    + ": " + refused.message());
        }
        return outcome(witness, WitnessOutcome.State.UNREACHABLE, manifest, sequence, "answered 409 twice (size "
                + old + "): its size keeps changing; another client submits for this origin");
    }

    /** Checks the witness's cosignature on the checkpoint and stores it beside the seal. */
    private WitnessOutcome keep(Witness witness, long sequence, SealManifest manifest,
                                WitnessResponse.Cosigned cosigned, Optional<Retention> retention) {
        String text;
        try {
            text = SignedNote.text(manifest.checkpoint());
        } catch (MalformedNoteException e) {
            throw new IllegalStateException("logic error: a sealed checkpoint is always well formed", e);
        }
        for (String line : cosigned.signatureLines()) {
            NoteSignature signature;
            try {
                signature = NoteSignature.parse(line);
                if (!witness.key().claims(signature)) {
                    continue; // The spec: ignore cosignatures from keys the client does not know.
                }
                Cosignature cosignature = Cosignature.of(signature);
                witness.key().verify(text, cosignature);
                String key = prefix + SealLayout.cosignatureKey(sequence, witness.key().keyId());
                try {
                    store.put(key, cosignature.formatLine().getBytes(StandardCharsets.UTF_8),
                            PutOptions.cosignature(retention.orElse(null)));
                } catch (ObjectExistsException e) {
                    // Cosigned before (a resubmission after a restart): the first cosignature kept stays.
                }
                cosignedSize.put(witness.name(), manifest.treeSize());
                return outcome(witness, WitnessOutcome.State.COSIGNED, manifest, sequence, "cosigned at "
                        + cosignature.time());
            } catch (MalformedNoteException | InvalidSignatureException e) {
                return outcome(witness, WitnessOutcome.State.REFUSED, manifest, sequence,
                        "returned a cosignature that does not verify with its key: " + e.getMessage());
            } catch (StoreException e) {
                return outcome(witness, WitnessOutcome.State.UNREACHABLE, manifest, sequence,
                        "cosigned, but the cosignature could not be stored: " + e.getMessage());
            }
        }
        return outcome(witness, WitnessOutcome.State.REFUSED, manifest, sequence,
                "answered 200 without a cosignature by its key " + witness.key().encode());
    }

    private WitnessOutcome outcome(Witness witness, WitnessOutcome.State state, SealManifest manifest, long sequence,
                                   String message) {
        return new WitnessOutcome(witness.name(), state, sequence, manifest.treeSize(),
                "witness " + witness.name() + " " + message, clock.instant());
    }
}
