package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.format.Digests;
import io.auditseal.format.InvalidManifestException;
import io.auditseal.format.ManifestCodec;
import io.auditseal.format.SealLayout;
import io.auditseal.format.SealManifest;
import io.auditseal.operator.OperatorConfig;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;
import io.auditseal.verify.ExpectedSeal;
import io.auditseal.verify.SealFindings;
import io.auditseal.verify.StoredSealCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the seals of a chain that storage holds but the cluster has no AuditSeal for, and re-creates each record
 * from storage after verifying the seal in full, annotated with {@link AuditSeals#RESTORED_ANNOTATION}: a deleted
 * record is made visible, never silently replaced. Seals younger than a grace period are left to the recorder.
 */
@Singleton
final class SealRecordRestorer {

    /** What one round found: the sequences restored, and those that could not be (with why). */
    record Result(List<Long> restored, List<String> failures) {
    }

    private final KubernetesClient client;
    private final Duration grace;
    private final int batch;

    @Inject
    SealRecordRestorer(KubernetesClient client, OperatorConfig config) {
        this(client, config.missingSealGrace(), config.restoreBatch());
    }

    SealRecordRestorer(KubernetesClient client, Duration grace, int batch) {
        this.client = client;
        this.grace = grace;
        this.batch = batch;
    }

    /**
     * @param firstKept the oldest sequence whose record the cluster should hold (older ones are pruned)
     * @param next      the chain's next sequence: seals [firstKept, next) should have records
     */
    Result restoreMissing(RegisteredChain chain, ObjectStore store, StoredSealCheck check, String location,
                          Set<Long> recorded, long firstKept, long next, Instant now) throws StoreException {
        List<Long> restored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String prefix = SealLayout.chainPrefix(chain.id());
        for (long sequence = firstKept; sequence < next && restored.size() + failures.size() < batch; sequence++) {
            if (recorded.contains(sequence)) {
                continue;
            }
            String manifestKey = prefix + SealLayout.manifestKey(sequence);
            Optional<StoredObject> stored = store.get(manifestKey);
            if (stored.isEmpty()) {
                failures.add("seal " + sequence + ": no AuditSeal and no " + manifestKey + " in storage");
                continue;
            }
            SealManifest manifest;
            try {
                manifest = ManifestCodec.decode(stored.get().data());
            } catch (InvalidManifestException e) {
                failures.add("seal " + sequence + ": no AuditSeal, and its stored manifest is invalid: " + e.getMessage());
                continue;
            }
            if (manifest.createdAt().isAfter(now.minus(grace))) {
                continue; // just sealed: its record is on its way
            }
            String manifestSha256 = Digests.sha256Hex(stored.get().data());
            String eventsKey = prefix + manifest.events().key();
            String manifestVersion = single(store.versions(manifestKey));
            String eventsVersion = single(store.versions(eventsKey));
            SealFindings findings = check.check(new ExpectedSeal(sequence, manifestSha256,
                    manifest.previousManifestSha256(), manifestVersion, eventsVersion), true);
            if (!findings.integrity().passed() || !findings.link().passed()) {
                SealFindings.Outcome bad = findings.integrity().passed() ? findings.link() : findings.integrity();
                failures.add("seal " + sequence + ": no AuditSeal, and the stored seal does not verify: " + bad.message());
                continue;
            }
            AuditSeal seal = AuditSeals.of(chain, manifest, manifestSha256, manifestVersion, eventsVersion,
                    store.retention(manifestKey), location);
            seal.getMetadata().getAnnotations().put(AuditSeals.RESTORED_ANNOTATION, now
                    + ": this record was missing from the cluster and was re-created from verified storage");
            try {
                client.resources(AuditSeal.class).inNamespace(chain.id().namespace()).resource(seal).create();
                restored.add(sequence);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        return new Result(restored, failures);
    }

    private static String single(List<String> versions) {
        return versions.size() == 1 ? versions.get(0) : null;
    }
}
