package io.auditseal.operator;

import io.auditseal.format.ChainId;
import io.auditseal.seal.SealerControl;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lease handed back on a graceful shutdown, against the Fabric8 mock API server in CRUD mode. */
class LeaseReleaseTest {

    private static final String NAMESPACE = "auditseal";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final Leadership leadership = new Leadership();
    private final AtomicInteger stops = new AtomicInteger();
    private boolean sealersFinish = true;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        leadership.electionActivated();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private LeaseRelease release() {
        return new LeaseRelease(leadership, sealers(), client, config());
    }

    /** Sealers that count the calls to stop them and finish or not, as {@link #sealersFinish} says. */
    private SealerControl sealers() {
        return new SealerControl() {
            @Override
            public void retryIfRefused(ChainId chain) {
            }

            @Override
            public void drain(ChainId chain) {
            }

            @Override
            public boolean stopAll() {
                stops.incrementAndGet();
                return sealersFinish;
            }
        };
    }

    private void lease(String holder) {
        client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName("auditseal-leader")
                .endMetadata().withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15).endSpec().build()).create();
    }

    private Lease current() {
        return client.leases().inNamespace(NAMESPACE).withName("auditseal-leader").get();
    }

    @Test
    void shutdown_holdingTheLease_stopsTheSealersThenClearsTheHolder() {
        // The elector has stopped by now and may have said so: the Lease naming this replica decides.
        lease(leadership.identity());

        release().onShutdown(null);

        assertEquals(1, stops.get());
        assertNull(current().getSpec().getHolderIdentity());
        assertEquals(1, current().getSpec().getLeaseDurationSeconds());
    }

    @Test
    void shutdown_sealerStillWriting_keepsTheLeaseToExpireOnItsOwn() {
        lease(leadership.identity());
        sealersFinish = false;

        release().onShutdown(null);

        assertEquals(leadership.identity(), current().getSpec().getHolderIdentity());
        assertEquals(15, current().getSpec().getLeaseDurationSeconds());
    }

    @Test
    void shutdown_leaseHeldByAnotherReplica_isLeftAlone() {
        lease("another-replica");

        release().onShutdown(null);

        assertEquals("another-replica", current().getSpec().getHolderIdentity());
        assertEquals(15, current().getSpec().getLeaseDurationSeconds());
    }

    @Test
    void shutdown_withoutLeaderElection_touchesNeitherTheSealersNorTheLease() {
        Leadership standalone = new Leadership();
        lease(standalone.identity());
        new LeaseRelease(standalone, sealers(), client, config()).onShutdown(null);

        assertEquals(0, stops.get());
        assertEquals(standalone.identity(), current().getSpec().getHolderIdentity());
    }

    @Test
    void release_leaseTakenByAnotherReplicaMeanwhile_isLeftAlone() {
        lease("another-replica");

        assertFalse(release().release());
        assertEquals("another-replica", current().getSpec().getHolderIdentity());
    }

    @Test
    void identity_isThePodNameOrARandomOne() {
        assertEquals("auditseal-7d9f-x2k", Leadership.identity("auditseal-7d9f-x2k"));
        assertTrue(Leadership.identity("").startsWith("auditseal-"));
        assertFalse(Leadership.identity(null).equals(Leadership.identity(null)));
    }

    private static OperatorConfig config() {
        return new OperatorConfig() {
            @Override
            public String leaseName() {
                return "auditseal-leader";
            }

            @Override
            public Optional<String> leaseNamespace() {
                return Optional.of(NAMESPACE);
            }

            @Override
            public Duration chainResync() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration missingSealGrace() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int restoreBatch() {
                return 50;
            }
        };
    }
}
