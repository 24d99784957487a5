package io.auditseal.verify;

import io.auditseal.format.ChainHead;
import io.auditseal.format.ChainId;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.ManifestHead;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Verifies a chain from storage alone, seal after seal, with a verifier key given by the caller: the format checks
 * of docs/FORMAT.md, and optionally Object Lock on every object and consistency with a checkpoint kept earlier.
 * Used by the demo, the operator and the CLI.
 */
public final class ChainVerifier {

    private static final HexFormat HEX = HexFormat.of();

    private final ObjectStore store;
    private final ChainId chain;
    private final List<NoteVerifier> trustedKeys;

    public ChainVerifier(ObjectStore store, ChainId chain, NoteVerifier trustedKey) {
        this(store, chain, List.of(trustedKey));
    }

    /**
     * @param trustedKeys the keys the first seal verified may be signed with: the chain's first key (from then on
     *                    the chain's own hand-overs say which key signs), or a set the auditor trusts
     */
    public ChainVerifier(ObjectStore store, ChainId chain, List<NoteVerifier> trustedKeys) {
        this.store = store;
        this.chain = chain;
        this.trustedKeys = List.copyOf(trustedKeys);
        ChainKeys.startingWith(trustedKeys); // one origin, at least one key
    }

    /** Verifies every stored seal in sequence order and stops at the first that fails. */
    public ChainReport verifyAll() throws StoreException {
        return verify(VerifyOptions.defaults());
    }

    public ChainReport verify(VerifyOptions options) throws StoreException {
        return verify(options, RecordSink.NONE);
    }

    /** Verifies as {@link #verify(VerifyOptions)}, handing every record to {@code sink} in log order. */
    public ChainReport verify(VerifyOptions options, RecordSink sink) throws StoreException {
        String prefix = SealLayout.chainPrefix(chain);
        List<Long> sequences = new ArrayList<>();
        List<String> listed = store.list(prefix + "seals/");
        for (String key : listed) {
            long sequence = SealLayout.sequenceOfManifestKey(key);
            if (sequence >= options.fromSequence() && sequence <= options.toSequence()) {
                sequences.add(sequence);
            }
        }
        sequences.sort(null);
        UnnamedEvents unnamed = new UnnamedEvents(prefix, listed);
        List<VerifiedSeal> verified = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        FailBackRepeats repeats = new FailBackRepeats(sink);
        ReusedAuditIds reused = new ReusedAuditIds(repeats);
        ChainHead state = ChainHead.genesis();
        SealVerifier sealVerifier = new SealVerifier(chain, ChainKeys.startingWith(trustedKeys));
        Optional<WitnessCheck> witnessCheck = options.witnesses().map(policy -> new WitnessCheck(store, prefix,
                policy.witnesses()));
        WitnessCheck.Witnessed newestWitnessed = null;
        VerifiedSeal newestWitnessedSeal = null;
        Optional<Checkpoint> trusted = options.trusted();
        boolean trustedMatched = trusted.isEmpty() || trusted.get().size() == 0;
        try {
            if (options.fromSequence() > 0) {
                state = headAfter(options.fromSequence() - 1);
            }
            for (long sequence : sequences) {
                StoredObject manifestObject = store.get(prefix + SealLayout.manifestKey(sequence)).orElseThrow();
                byte[] manifest = manifestObject.data();
                String eventsKey = eventsKeyNamedBy(sequence, manifest);
                unnamed.named(eventsKey);
                Optional<StoredObject> events = store.get(prefix + eventsKey);
                if (events.isEmpty()) {
                    throw new SealVerificationException(sequence, FailureReason.DIGEST_MISMATCH,
                            "events object " + eventsKey + " is missing");
                }
                OptionalLong capture = trusted.isPresent() && !trustedMatched ? OptionalLong.of(trusted.get().size())
                        : OptionalLong.empty();
                VerifiedSeal seal = sealVerifier.verify(state, manifest, events.get().data(), capture, reused);
                if (seal.capturedRoot().isPresent()) {
                    checkTrusted(sequence, trusted.get(), seal.capturedRoot().get());
                    trustedMatched = true;
                }
                if (options.requireLock()) {
                    checkLock(sequence, seal.manifest(), manifestObject.lastModified(), events.get().lastModified(),
                            options, notices);
                }
                verified.add(seal);
                state = seal.next();
                reused.sealVerified(sequence);
                if (witnessCheck.isPresent()) {
                    WitnessCheck.Witnessed witnessed = witnessCheck.get().check(sequence, seal.manifest(),
                            seal.checkpoint(), Instant.now());
                    notices.addAll(witnessed.problems());
                    if (witnessed.valid().size() >= options.witnesses().get().minWitnesses()) {
                        newestWitnessed = witnessed;
                        newestWitnessedSeal = seal;
                    }
                }
            }
            if (options.witnesses().isPresent() && !verified.isEmpty()) {
                notices.add(requireWitnessed(options.witnesses().get(), verified.get(verified.size() - 1),
                        newestWitnessedSeal, newestWitnessed));
            }
            if (!trustedMatched) {
                throw new SealVerificationException(state.nextSequence(), FailureReason.INCONSISTENT_WITH_TRUSTED_CHECKPOINT,
                        "the chain ends at tree size " + state.treeSize() + ", before the trusted checkpoint's size "
                                + trusted.get().size() + ": seals were removed from its end");
            }
        } catch (SealVerificationException e) {
            reused.notice().ifPresent(notices::add);
            repeats.notice().ifPresent(notices::add);
            return new ChainReport(chain, verified, state, Optional.of(e), notices, sealVerifier.keys().history());
        }
        reused.notice().ifPresent(notices::add);
        repeats.notice().ifPresent(notices::add);
        unnamed.notice(options).ifPresent(notices::add);
        revokedKeyNotices(sealVerifier.keys().history()).forEach(notices::add);
        return new ChainReport(chain, verified, state, Optional.empty(), notices, sealVerifier.keys().history());
    }

    /**
     * The witness policy holds when a seal no older than the allowed lag before the newest seal is cosigned by enough
     * trusted witnesses; returns what to tell about it, or throws NOT_WITNESSED.
     */
    private static String requireWitnessed(WitnessPolicy policy, VerifiedSeal newest, VerifiedSeal witnessedSeal,
                                           WitnessCheck.Witnessed witnessed) throws SealVerificationException {
        long newestSequence = newest.manifest().sequence();
        if (witnessedSeal == null) {
            throw new SealVerificationException(newestSequence, FailureReason.NOT_WITNESSED, "no seal of the chain is "
                    + "cosigned by " + policy.minWitnesses() + " of the " + policy.witnesses().size()
                    + " witness keys given");
        }
        Duration lag = Duration.between(witnessedSeal.manifest().createdAt(), newest.manifest().createdAt());
        String by = witnessed.valid().stream().map(c -> c.witness() + " at " + c.time())
                .collect(java.util.stream.Collectors.joining(", "));
        if (lag.compareTo(policy.maxLag()) > 0) {
            throw new SealVerificationException(newestSequence, FailureReason.NOT_WITNESSED, "the newest seal cosigned "
                    + "by " + policy.minWitnesses() + " witnesses is seal " + witnessedSeal.manifest().sequence() + " ("
                    + by + "), made " + lag + " before the newest seal " + newestSequence + "; at most "
                    + policy.maxLag() + " allowed");
        }
        long after = newestSequence - witnessedSeal.manifest().sequence();
        return "witnessed up to seal " + witnessedSeal.manifest().sequence() + " (tree size "
                + witnessedSeal.manifest().treeSize() + ") by " + by + (after == 0 ? "" : "; the " + after
                + " seals after it are not cosigned by " + policy.minWitnesses() + " witnesses yet");
    }

    /**
     * A revoked key's seals past its revocation point are signed by a key an attacker may have held: they count
     * because the hand-over's checkpoint, signed by the next key, covers their records too. Said, not failed.
     */
    private static List<String> revokedKeyNotices(List<ChainKeys.Period> history) {
        List<String> notices = new ArrayList<>();
        for (ChainKeys.Period period : history) {
            period.revokedFromTreeSize().ifPresent(revoked -> notices.add("key " + period.key() + " was revoked from "
                    + "tree size " + revoked + " at the hand-over in seal " + period.lastSequence() + "; its records up "
                    + "to tree size " + period.lastTreeSize() + " are vouched for by the next key's signature on that "
                    + "hand-over, and no checkpoint of a larger tree signed by the revoked key alone is to be accepted"));
        }
        return notices;
    }

    /**
     * The events key the manifest names, where it is one of the seal's own keys; otherwise the first attempt's key,
     * and the seal's verification reports the manifest or its key.
     */
    private static String eventsKeyNamedBy(long sequence, byte[] manifest) {
        try {
            String named = ManifestCodec.decode(manifest).events().key();
            if (SealLayout.attemptOfEventsKey(sequence, named) >= 0) {
                return named;
            }
        } catch (InvalidManifestException e) {
            // reported by the seal's verification
        }
        return SealLayout.eventsKey(sequence);
    }

    private void checkTrusted(long sequence, Checkpoint trusted, byte[] root) throws SealVerificationException {
        if (!MessageDigest.isEqual(trusted.rootHash(), root)) {
            throw new SealVerificationException(sequence, FailureReason.INCONSISTENT_WITH_TRUSTED_CHECKPOINT,
                    "at tree size " + trusted.size() + " the chain has root " + HEX.formatHex(root)
                            + ", the trusted checkpoint says " + trusted.rootHashHex());
        }
    }

    /**
     * Each of the seal's objects locked as the options require, from the later of the seal's {@code createdAt} (the
     * sink's clock) and the object's {@code Last-Modified} (the store's clock, where it gives one), so that a sink
     * whose clock ran behind cannot pass short locks off as full ones.
     */
    private void checkLock(long sequence, SealManifest manifest, Optional<Instant> manifestWritten,
                           Optional<Instant> eventsWritten, VerifyOptions options, List<String> notices)
            throws StoreException, SealVerificationException {
        String prefix = SealLayout.chainPrefix(chain);
        Map<String, Optional<Instant>> written = Map.of(prefix + manifest.events().key(), eventsWritten,
                prefix + SealLayout.manifestKey(sequence), manifestWritten);
        for (Map.Entry<String, Optional<Instant>> object : written.entrySet()) {
            Instant from = ObjectLockCheck.lockedFrom(manifest.createdAt(), object.getValue());
            List<String> versions;
            try {
                versions = ObjectLockCheck.check(store, sequence, object.getKey(), from, options.requiredMode(),
                        options.minimumRetention());
            } catch (SealVerificationException e) {
                if (from.equals(manifest.createdAt())) {
                    throw e;
                }
                throw new SealVerificationException(sequence, e.reason(), e.getMessage() + " (counted from the "
                        + "store's Last-Modified " + object.getValue().orElseThrow() + ", less "
                        + ObjectLockCheck.STORE_CLOCK_TOLERANCE.toMinutes() + " minutes: the seal's createdAt "
                        + manifest.createdAt() + " is the sink's clock, which ran behind the store's)");
            }
            ObjectLockCheck.duplicateNotice(sequence, object.getKey(), versions).ifPresent(notices::add);
        }
    }

    /**
     * Where the chain stands after seal {@code sequence}, taken from its manifest without re-verifying the seals
     * before it: the checkpoint must verify with the trusted key and the compact range must give its root.
     */
    ChainHead headAfter(long sequence) throws StoreException, SealVerificationException {
        String key = SealLayout.chainPrefix(chain) + SealLayout.manifestKey(sequence);
        byte[] bytes = store.get(key).map(StoredObject::data).orElseThrow(() -> new SealVerificationException(sequence,
                FailureReason.SEQUENCE_GAP, "manifest " + key + " to start from is missing"));
        try {
            // Any trusted key: a set of them stands for the chain's key history (the operator's re-checks).
            NoteException unsigned = null;
            for (NoteVerifier trusted : trustedKeys) {
                try {
                    return ManifestHead.open(sequence, bytes, trusted);
                } catch (NoteException e) {
                    unsigned = e;
                }
            }
            throw unsigned;
        } catch (ManifestHead.MismatchException e) {
            throw new SealVerificationException(sequence, FailureReason.ROOT_MISMATCH, key + ": " + e.getMessage());
        } catch (InvalidManifestException e) {
            throw new SealVerificationException(sequence, FailureReason.MANIFEST_INVALID, e.getMessage());
        } catch (NoteException e) {
            throw new SealVerificationException(sequence, FailureReason.SIGNATURE_INVALID, e.getMessage());
        }
    }
}
