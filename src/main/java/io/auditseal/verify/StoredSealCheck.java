package io.auditseal.verify;

import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.checkpoint.SignedCheckpoint;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.SealFindings.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks one stored seal against what was recorded when it was written: the operator's continuous verification.
 * The quick check compares the manifest's and events object's digests, the checkpoint signature, the objects'
 * versions and locks, and the link to the previous manifest. Where the store keeps versions and the events object
 * still has exactly the version the seal was written as, its digest is not recomputed: a version's bytes are
 * immutable and it was hashed at the first (full) check, so the quick check costs a version listing instead of a
 * download of every seal's events at every interval. The full check also re-hashes every record from the
 * previous seal's compact range, exactly as the offline verifier does.
 */
public final class StoredSealCheck {

    private final ObjectStore store;
    private final ChainId chain;
    private final List<NoteVerifier> trustedKeys;
    private final boolean storeLocks;
    private final Optional<RetentionMode> requiredMode;
    private final Duration minimumRetention;
    private final String prefix;

    /**
     * @param storeLocks       whether the store supports Object Lock at all (a directory does not: Locked fails)
     * @param requiredMode     the lock mode the chain's policy requires
     * @param minimumRetention how long after its creation each object must stay locked
     */
    public StoredSealCheck(ObjectStore store, ChainId chain, NoteVerifier trustedKey, boolean storeLocks,
                           Optional<RetentionMode> requiredMode, Duration minimumRetention) {
        this(store, chain, List.of(trustedKey), storeLocks, requiredMode, minimumRetention);
    }

    /**
     * @param trustedKeys every key the chain has signed with (its key history): a seal's checkpoint must verify with
     *                    one of them; which key signed which seal is the offline verifier's to check, walking the
     *                    hand-overs
     */
    public StoredSealCheck(ObjectStore store, ChainId chain, List<NoteVerifier> trustedKeys, boolean storeLocks,
                           Optional<RetentionMode> requiredMode, Duration minimumRetention) {
        this.store = store;
        this.chain = chain;
        this.trustedKeys = List.copyOf(trustedKeys);
        this.storeLocks = storeLocks;
        this.requiredMode = requiredMode;
        this.minimumRetention = minimumRetention;
        this.prefix = SealLayout.chainPrefix(chain);
    }

    /** @throws StoreException when storage cannot be read: nothing is concluded about the seal */
    public SealFindings check(ExpectedSeal expected, boolean fullRehash) throws StoreException {
        long sequence = expected.sequence();
        Outcome link = link(expected);
        String manifestKey = prefix + SealLayout.manifestKey(sequence);
        Optional<StoredObject> manifestObject = store.get(manifestKey);
        if (manifestObject.isEmpty()) {
            return new SealFindings(failed(sequence, FailureReason.OBJECT_MISSING, manifestKey + " is missing"),
                    lockOfMissing(), link, false);
        }
        byte[] manifestBytes = manifestObject.get().data();
        SealManifest manifest;
        try {
            manifest = ManifestCodec.decode(manifestBytes);
        } catch (InvalidManifestException e) {
            return new SealFindings(failed(sequence, FailureReason.MANIFEST_INVALID, e.getMessage()), lockOfMissing(),
                    link, false);
        }
        // The manifest names its events object; a key that is not one of the seal's own fails the integrity check.
        String eventsKey = prefix + (SealLayout.attemptOfEventsKey(sequence, manifest.events().key()) >= 0
                ? manifest.events().key() : SealLayout.eventsKey(sequence));
        // Listed once: the lock check and the download shortcut below both need it.
        List<String> eventsVersions = storeLocks && expected.eventsVersionId() != null
                ? store.versions(eventsKey) : List.of();
        Outcome lock = lock(sequence, manifest, manifestObject.get().lastModified(), manifestKey, eventsKey,
                eventsVersions, expected);
        Outcome integrity = manifestIntegrity(expected, manifestBytes, manifest);
        if (integrity.passed()) {
            // An object version's bytes cannot change, and deleting or replacing it shows in its version list. The
            // events were hashed when this seal was first checked, so they are not downloaded at every interval.
            boolean eventsUnchanged = expected.eventsVersionId() != null
                    && eventsVersions.equals(List.of(expected.eventsVersionId()));
            integrity = !fullRehash && eventsUnchanged
                    ? Outcome.passed("manifest and checkpoint signature match the recorded seal; the events object "
                            + "is still the version written, hashed when the seal was first checked")
                    : eventsIntegrity(sequence, manifest, store.get(eventsKey), eventsKey);
        }
        if (integrity.passed() && fullRehash) {
            FullResult full = fullRehash(sequence);
            integrity = full.integrity;
            if (full.link != null) {
                link = full.link;
            }
        }
        return new SealFindings(integrity, lock, link, fullRehash);
    }

    private Outcome manifestIntegrity(ExpectedSeal expected, byte[] manifestBytes, SealManifest manifest) {
        long sequence = expected.sequence();
        String manifestSha256 = Digests.sha256Hex(manifestBytes);
        if (!manifestSha256.equals(expected.manifestSha256())) {
            return failed(sequence, FailureReason.DIGEST_MISMATCH, "manifest.json has sha256 " + manifestSha256
                    + ", the seal was recorded with " + expected.manifestSha256());
        }
        if (!manifest.chain().equals(chain.toString()) || manifest.sequence() != sequence) {
            return failed(sequence, FailureReason.CHAIN_MISMATCH, "manifest is seal " + manifest.sequence() + " of "
                    + manifest.chain());
        }
        if (SealLayout.attemptOfEventsKey(sequence, manifest.events().key()) < 0) {
            return failed(sequence, FailureReason.EVENTS_KEY_MISMATCH, "events key " + manifest.events().key()
                    + " is not one of seal " + sequence + "'s");
        }
        try {
            Checkpoint checkpoint = SignedCheckpoint.open(manifest.checkpoint(), trustedKeys).checkpoint();
            if (checkpoint.size() != manifest.treeSize() || !checkpoint.rootHashHex().equals(manifest.rootHash())) {
                return failed(sequence, FailureReason.CHECKPOINT_MISMATCH, "checkpoint is for size "
                        + checkpoint.size() + " root " + checkpoint.rootHashHex());
            }
        } catch (NoteException e) {
            return failed(sequence, FailureReason.SIGNATURE_INVALID, e.getMessage());
        }
        return Outcome.passed("manifest and checkpoint signature match the recorded seal");
    }

    private Outcome eventsIntegrity(long sequence, SealManifest manifest, Optional<StoredObject> events,
                                    String eventsKey) {
        if (events.isEmpty()) {
            return failed(sequence, FailureReason.OBJECT_MISSING, eventsKey + " is missing");
        }
        byte[] data = events.get().data();
        String eventsSha256 = Digests.sha256Hex(data);
        if (data.length != manifest.events().size() || !eventsSha256.equals(manifest.events().sha256())) {
            return failed(sequence, FailureReason.DIGEST_MISMATCH, "events object has " + data.length
                    + " bytes, sha256 " + eventsSha256 + "; the manifest says " + manifest.events().size()
                    + " bytes, sha256 " + manifest.events().sha256());
        }
        return Outcome.passed("manifest, events object and checkpoint signature match the recorded seal");
    }

    /** @param eventsVersions the events object's versions, listed when the store locks and the seal has one */
    private Outcome lock(long sequence, SealManifest manifest, Optional<Instant> manifestWritten, String manifestKey,
                         String eventsKey, List<String> eventsVersions, ExpectedSeal expected) throws StoreException {
        if (!storeLocks) {
            return failed(sequence, FailureReason.NOT_LOCKED, store.describe() + " has no Object Lock: "
                    + "nothing stops these objects from being changed or deleted");
        }
        List<String> notices = new ArrayList<>();
        try {
            for (String key : List.of(manifestKey, eventsKey)) {
                // The events object's versions were listed already (the download shortcut needs them too).
                List<String> listed = key.equals(eventsKey) && expected.eventsVersionId() != null ? eventsVersions
                        : store.versions(key);
                Optional<RetentionMode> mode = expected.retention().map(Retention::mode).or(() -> requiredMode);
                // Without a recorded retention, the policy counts from when the store wrote the manifest, by its
                // own clock (a sink clock running behind must not make a short lock pass). The events object was
                // written before its manifest, possibly much earlier (a writer stopped between the two), so only
                // the sink's time anchors it; the sealer lengthened a short lock of either when it read them back.
                Optional<Instant> storeWrote = key.equals(manifestKey) ? manifestWritten : Optional.empty();
                Instant until = expected.retention().map(Retention::retainUntil)
                        .orElse(ObjectLockCheck.lockedFrom(manifest.createdAt(), storeWrote).plus(minimumRetention));
                List<String> versions = ObjectLockCheck.check(store, sequence, key, listed, mode, until);
                String recorded = key.equals(manifestKey) ? expected.manifestVersionId() : expected.eventsVersionId();
                if (recorded != null) {
                    checkVersion(sequence, key, recorded, versions);
                }
                ObjectLockCheck.duplicateNotice(sequence, key, versions).ifPresent(notices::add);
            }
        } catch (SealVerificationException e) {
            return Outcome.failed(e);
        }
        String locked = "locked " + expected.retention().map(r -> r.mode() + " until at least " + r.retainUntil())
                .orElse(requiredMode.map(Enum::name).orElse("") + " for at least " + minimumRetention.toDays() + " days");
        return Outcome.passed(notices.isEmpty() ? "both objects have one version, " + locked
                : "both objects " + locked + "; " + String.join("; ", notices));
    }

    /** The version the seal was written as is still there (any others hold the same bytes: see ObjectLockCheck). */
    private static void checkVersion(long sequence, String key, String expectedVersion, List<String> versions)
            throws SealVerificationException {
        if (!versions.contains(expectedVersion)) {
            throw new SealVerificationException(sequence, FailureReason.REWRITTEN, key + " has versions " + versions
                    + ", the seal was written as version " + expectedVersion);
        }
    }

    private Outcome lockOfMissing() {
        return Outcome.notChecked("the manifest is unreadable, so its lock was not checked");
    }

    private Outcome link(ExpectedSeal expected) throws StoreException {
        long sequence = expected.sequence();
        if (sequence == 0) {
            return expected.previousManifestSha256().equals(SealManifest.NO_PREVIOUS_MANIFEST)
                    ? Outcome.passed("the chain's first seal")
                    : failed(sequence, FailureReason.CHAIN_BROKEN, "seal 0 links to a previous manifest");
        }
        String previousKey = prefix + SealLayout.manifestKey(sequence - 1);
        Optional<StoredObject> previous = store.get(previousKey);
        if (previous.isEmpty()) {
            return failed(sequence, FailureReason.CHAIN_BROKEN, "the previous seal's manifest " + previousKey
                    + " is missing");
        }
        String previousSha256 = Digests.sha256Hex(previous.get().data());
        if (!previousSha256.equals(expected.previousManifestSha256())) {
            return failed(sequence, FailureReason.CHAIN_BROKEN, "the previous manifest has sha256 " + previousSha256
                    + ", this seal links to " + expected.previousManifestSha256());
        }
        return Outcome.passed("links to seal " + (sequence - 1));
    }

    private record FullResult(Outcome integrity, Outcome link) {
    }

    private FullResult fullRehash(long sequence) throws StoreException {
        VerifyOptions options = new VerifyOptions(false, Optional.empty(), Duration.ZERO, Optional.empty(), sequence,
                sequence);
        ChainReport report = new ChainVerifier(store, chain, trustedKeys).verify(options);
        if (report.failure().isEmpty()) {
            return new FullResult(Outcome.passed("records re-hashed: batch root, log root and checkpoint verify"),
                    null);
        }
        SealVerificationException failure = report.failure().get();
        return switch (failure.reason()) {
            case CHAIN_BROKEN, SEQUENCE_GAP, INDEX_MISMATCH -> new FullResult(
                    Outcome.passed("manifest, events object and checkpoint signature match the recorded seal"),
                    Outcome.failed(failure));
            default -> new FullResult(Outcome.failed(failure), null);
        };
    }

    private static Outcome failed(long sequence, FailureReason reason, String message) {
        return Outcome.failed(new SealVerificationException(sequence, reason, message));
    }
}
