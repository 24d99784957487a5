package io.auditseal.operator;

import io.auditseal.api.v1alpha1.StatusCondition;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.chain.AuditChainConditions;
import io.auditseal.api.v1alpha1.chain.status.ChainKey;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.format.ChainId;
import io.auditseal.server.ServeConfig;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import io.auditseal.verify.ChainKeys;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static io.auditseal.operator.ChainUnderTest.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotating a chain's key through its spec, against the Fabric8 mock API server: the hand-over is sealed once, the
 * chain lists its key history, every AuditSeal (from before the hand-over too) stays verified, a revocation is
 * recorded, and the offline verifier given only the first key follows it all.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = MockApiServer.class)
class KeyRotationOperatorTest {

    private static final ChainId CHAIN_ID = new ChainId("audit", "rotating");

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ServeConfig config;

    /** Waits until the chain's key history has {@code count} keys, it seals, and every seal is verified. */
    private static AuditChain awaitKeys(ChainUnderTest chain, int count) {
        return await().atMost(WAIT).until(chain::get, c -> c.getStatus() != null
                && c.getStatus().getKeys().size() == count
                && ChainUnderTest.condition(c, AuditChainConditions.SEALING).map(StatusCondition::isTrue).orElse(false)
                && chain.seals().stream().allMatch(ChainUnderTest::verified));
    }

    @Test
    void rotationThenRevocation_areSealed_listed_andVerifiedFromTheFirstKey() throws Exception {
        Ed25519PrivateKey first = Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new SecureRandom());
        Ed25519PrivateKey second = Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new SecureRandom());
        Ed25519PrivateKey third = Ed25519PrivateKey.generate(CHAIN_ID.defaultOrigin(), new SecureRandom());
        ChainUnderTest chain = new ChainUnderTest(server.getClient(), "audit", "rotating", "rotation-test-token");
        chain.secret("rotating-token", "token", "rotation-test-token");
        chain.secret("rotating-key-1", "key", first.encode());
        chain.create("""
                apiVersion: auditseal.io/v1alpha1
                kind: AuditChain
                metadata:
                  name: rotating
                  namespace: audit
                spec:
                  clusterName: rotating
                  batch: {maxRecords: 10, maxDelay: 1s}
                  storage:
                    directory:
                      path: store-rotating
                  auth:
                    tokenSecretRef: {name: rotating-token, key: token}
                  signingKeySecretRef: {name: rotating-key-1, key: key}
                """);
        chain.post(5);
        AuditChain one = awaitKeys(chain, 1);
        assertEquals(first.verifier().encode(), one.getStatus().getPublicKey());
        await().atMost(WAIT).until(() -> chain.sealedRecords() >= 6);

        // Rotate: the new key in its own Secret, the old one named as the previous key.
        chain.secret("rotating-key-2", "key", second.encode());
        chain.patchSpec("{\"signingKeySecretRef\":{\"name\":\"rotating-key-2\",\"key\":\"key\"},"
                + "\"keyRotation\":{\"previousSigningKeySecretRef\":{\"name\":\"rotating-key-1\",\"key\":\"key\"}}}");
        AuditChain two = awaitKeys(chain, 2);
        chain.post(4);
        List<ChainKey> keys = two.getStatus().getKeys();
        assertEquals(first.verifier().encode(), keys.get(0).getPublicKey());
        assertEquals(second.verifier().encode(), keys.get(1).getPublicKey());
        assertEquals(keys.get(0).getLastTreeSize(), keys.get(1).getFirstTreeSize(), "the hand-over is signed by both");
        assertEquals(second.verifier().encode(), two.getStatus().getPublicKey());
        List<AuditSeal> handovers = chain.seals().stream().filter(s -> s.getSpec().getKeyHandover() != null).toList();
        assertEquals(1, handovers.size(), "one hand-over, however often the chain is reconciled");
        assertEquals(1, handovers.get(0).getSpec().getRecordCount());

        // Revoke the second key (compromised) while handing over to a third, from a size before the hand-over.
        chain.secret("rotating-key-3", "key", third.encode());
        long revokedFrom = keys.get(1).getFirstTreeSize();
        chain.patchSpec("{\"signingKeySecretRef\":{\"name\":\"rotating-key-3\",\"key\":\"key\"},\"keyRotation\":{"
                + "\"previousSigningKeySecretRef\":{\"name\":\"rotating-key-2\",\"key\":\"key\"},"
                + "\"revokedFromTreeSize\":" + revokedFrom + "}}");
        AuditChain three = awaitKeys(chain, 3);
        assertEquals(revokedFrom, three.getStatus().getKeys().get(1).getRevokedFromTreeSize());
        chain.post(3);
        // 12 events, a ChainConfigChange record per generation (3) and the two hand-overs.
        await().atMost(WAIT).until(() -> chain.seals().stream().allMatch(ChainUnderTest::verified)
                && chain.sealedRecords() == 17);

        ChainReport report = new ChainVerifier(new DirectoryStore(config.dataDir().resolve("store-rotating")), CHAIN_ID,
                first.verifier()).verify(VerifyOptions.defaults());
        assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse(""));
        assertEquals(List.of(first.verifier().encode(), second.verifier().encode(), third.verifier().encode()),
                report.keys().stream().map(ChainKeys.Period::key).toList());
        assertEquals(Optional.of(revokedFrom), report.keys().get(1).revokedFromTreeSize().stream().boxed().findFirst());
        chain.delete();
    }
}
