package io.auditseal.verify;

import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.note.Cosignature;
import io.auditseal.tlog.note.CosignatureVerifier;
import io.auditseal.tlog.note.InvalidSignatureException;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteSignature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The witness cosignatures stored beside a seal (docs/FORMAT.md, "Witness cosignatures"), checked offline against
 * the witness keys a verifier trusts: each must verify on the seal's checkpoint, and its timestamp must be no earlier
 * than the seal (a witness cannot have seen a checkpoint before it existed) and not in the future.
 */
public final class WitnessCheck {

    /** Clocks of the sink, the witness and the verifier may disagree by this much. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    /** A seal's cosignatures by trusted witnesses that verified, and why others did not count. */
    public record Witnessed(long sequence, List<Cosignature> valid, List<String> problems) {
        public Witnessed {
            valid = List.copyOf(valid);
            problems = List.copyOf(problems);
        }
    }

    private final ObjectStore store;
    private final String prefix;
    private final List<CosignatureVerifier> witnesses;

    public WitnessCheck(ObjectStore store, String chainPrefix, List<CosignatureVerifier> witnesses) {
        this.store = store;
        this.prefix = chainPrefix;
        this.witnesses = List.copyOf(witnesses);
    }

    /** The cosignatures of seal {@code sequence}, whose manifest is {@code manifest}, as of {@code now}. */
    public Witnessed check(long sequence, SealManifest manifest, Checkpoint checkpoint, Instant now) throws StoreException {
        return check(sequence, checkpoint, manifest.createdAt(), now);
    }

    /** As above, for a seal made no earlier than {@code sealedAt}: no cosignature may predate it. */
    public Witnessed check(long sequence, Checkpoint checkpoint, Instant sealedAt, Instant now) throws StoreException {
        List<Cosignature> valid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String text = checkpoint.format();
        for (CosignatureVerifier witness : witnesses) {
            String key = prefix + SealLayout.cosignatureKey(sequence, witness.keyId());
            Optional<StoredObject> stored = store.get(key);
            if (stored.isEmpty()) {
                continue;
            }
            try {
                Cosignature cosignature = read(stored.get().data(), witness);
                witness.verify(text, cosignature);
                Instant time = cosignature.time();
                if (time.isBefore(sealedAt.minus(CLOCK_TOLERANCE))) {
                    problems.add(key + ": cosigned at " + time + ", before the seal was made (" + sealedAt + ")");
                } else if (time.isAfter(now.plus(CLOCK_TOLERANCE))) {
                    problems.add(key + ": cosigned at " + time + ", in the future");
                } else {
                    valid.add(cosignature);
                }
            } catch (MalformedNoteException e) {
                problems.add(key + ": " + e.getMessage());
            } catch (InvalidSignatureException e) {
                problems.add(key + ": the cosignature by " + witness.name() + " does not verify on seal " + sequence
                        + "'s checkpoint");
            }
        }
        return new Witnessed(sequence, valid, problems);
    }

    /** The one signature line a cosignature object holds, which must be by {@code witness}. */
    static Cosignature read(byte[] object, CosignatureVerifier witness) throws MalformedNoteException {
        String line = new String(object, StandardCharsets.UTF_8);
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.contains("\n")) {
            throw new MalformedNoteException("a cosignature object holds one signature line");
        }
        NoteSignature signature = NoteSignature.parse(line);
        if (!witness.claims(signature)) {
            throw new MalformedNoteException("the cosignature is by " + signature.keyName() + ", not " + witness.name());
        }
        return Cosignature.of(signature);
    }
}
