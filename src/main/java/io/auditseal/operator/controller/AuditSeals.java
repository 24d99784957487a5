package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.AuditSealSpec;
import io.auditseal.api.v1alpha1.seal.spec.SealKeyHandover;
import io.auditseal.api.v1alpha1.seal.spec.SealRetention;
import io.auditseal.api.v1alpha1.seal.spec.SealStorage;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.StorageSettings;
import io.auditseal.format.KeyRotation;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.verify.ExpectedSeal;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds AuditSeal resources from sealed manifests, and reads back what one expects of storage. */
public final class AuditSeals {

    /** Annotation on an AuditSeal re-created from storage because its record had disappeared. */
    public static final String RESTORED_ANNOTATION = ApiGroup.GROUP + "/restored-from-storage";
    /** Annotation that forces a full re-hash of the seal's records at the next reconcile. */
    public static final String REVERIFY_ANNOTATION = ApiGroup.GROUP + "/reverify";

    private AuditSeals() {
    }

    /**
     * The AuditSeal for a seal as written.
     *
     * @param location where the store is, for people (never credentials)
     */
    public static AuditSeal of(RegisteredChain chain, SealManifest manifest, String manifestSha256,
                               String manifestVersionId, String eventsVersionId, Optional<Retention> retention,
                               String location) {
        return of(chain, manifest, manifestSha256, manifestVersionId, eventsVersionId, retention, location,
                Optional.empty());
    }

    /** The same, for a seal that may hand the chain over to another key. */
    public static AuditSeal of(RegisteredChain chain, SealManifest manifest, String manifestSha256,
                               String manifestVersionId, String eventsVersionId, Optional<Retention> retention,
                               String location, Optional<KeyRotation> handover) {
        String chainName = chain.id().name();
        AuditSealSpec spec = new AuditSealSpec();
        spec.setChain(chainName);
        spec.setSequence(manifest.sequence());
        spec.setFirstIndex(manifest.firstIndex());
        spec.setTreeSize(manifest.treeSize());
        spec.setRecordCount(manifest.recordCount());
        spec.setFirstTimestamp(manifest.firstTimestamp().toString());
        spec.setLastTimestamp(manifest.lastTimestamp().toString());
        spec.setRootHash(manifest.rootHash());
        spec.setBatchRoot(manifest.batchRoot());
        spec.setManifestSha256(manifestSha256);
        spec.setPreviousManifestSha256(manifest.previousManifestSha256());
        if (manifest.sequence() > 0) {
            spec.setPreviousSeal(AuditSeal.nameOf(chainName, manifest.sequence() - 1));
        }
        SealStorage storage = new SealStorage();
        storage.setLocation(location);
        String keyPrefix = "";
        if (chain.settings().storage() instanceof StorageSettings.S3 s3) {
            storage.setBucket(s3.bucket());
            keyPrefix = s3.keyPrefix();
        }
        storage.setManifestKey(keyPrefix + SealLayout.objectKey(chain.id(), SealLayout.manifestKey(manifest.sequence())));
        storage.setEventsKey(keyPrefix + SealLayout.objectKey(chain.id(), manifest.events().key()));
        storage.setManifestVersionId(manifestVersionId);
        storage.setEventsVersionId(eventsVersionId);
        storage.setEventsSha256(manifest.events().sha256());
        storage.setEventsSize(manifest.events().size());
        spec.setStorage(storage);
        retention.ifPresent(r -> {
            SealRetention sealRetention = new SealRetention();
            sealRetention.setMode(r.mode().name());
            sealRetention.setRetainUntil(r.retainUntil().toString());
            spec.setRetention(sealRetention);
        });
        spec.setCheckpoint(manifest.checkpoint());
        handover.ifPresent(rotation -> {
            SealKeyHandover keyHandover = new SealKeyHandover();
            keyHandover.setPreviousKey(rotation.previousKey());
            keyHandover.setNextKey(rotation.nextKey());
            rotation.revokedFromTreeSize().ifPresent(keyHandover::setRevokedFromTreeSize);
            spec.setKeyHandover(keyHandover);
        });

        AuditSeal seal = new AuditSeal();
        seal.setMetadata(new ObjectMetaBuilder()
                .withName(AuditSeal.nameOf(chainName, manifest.sequence()))
                .withNamespace(chain.id().namespace())
                .withLabels(new HashMap<>(Map.of(ApiGroup.CHAIN_LABEL, chainName)))
                .withAnnotations(new HashMap<>())
                .build());
        seal.setSpec(spec);
        return seal;
    }

    /** What storage must still hold for this seal, locked as it was when written. */
    public static ExpectedSeal expected(AuditSealSpec spec) {
        SealStorage storage = spec.getStorage();
        Optional<Retention> retention = Optional.ofNullable(spec.getRetention()).map(r -> new Retention(
                RetentionMode.valueOf(r.getMode()), java.time.Instant.parse(r.getRetainUntil())));
        return new ExpectedSeal(spec.getSequence(), spec.getManifestSha256(), spec.getPreviousManifestSha256(),
                storage == null ? null : storage.getManifestVersionId(),
                storage == null ? null : storage.getEventsVersionId(), retention);
    }
}
