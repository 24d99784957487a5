package io.auditseal.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * With several replicas exactly one holds the Lease and runs the reconcilers, and with them the chains' sealers
 * (chains are registered by the AuditChain reconciler). The others wait, ready to take over. QOSDK asks for this
 * bean only where leader election is active (the prod profile). docs/OPERATOR.md gives the consistency argument.
 */
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorConfig config, Leadership leadership) {
        leadership.electionActivated();
        LeaderCallbacks callbacks = new LeaderCallbacks(
                () -> {
                    LOG.infof("this replica now holds Lease %s: it seals", config.leaseName());
                    leadership.leading(true);
                },
                () -> leadership.leading(false),
                leader -> LOG.infof("Lease %s is held by %s", config.leaseName(), leader));
        // Lost leadership exits the process (JOSDK's default): a replica that cannot renew stops sealing before
        // another can take the Lease.
        return new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace().orElse(null),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, leadership.identity(), callbacks, true);
    }
}
