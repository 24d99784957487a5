package io.auditseal.operator;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready in cluster mode once this replica leads and every controller's informers are healthy (QOSDK's own check is
 * disabled because it reports a standalone server, which never starts the operator, as not ready). A standby
 * replica is not ready, so that webhooks reach only the replica that seals.
 */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

    private final boolean standalone;
    private final Instance<Operator> operator;
    private final Leadership leadership;

    public OperatorReadiness(@ConfigProperty(name = "auditseal.standalone", defaultValue = "false") boolean standalone,
                             Instance<Operator> operator, Leadership leadership) {
        this.standalone = standalone;
        this.operator = operator;
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("AuditSeal operator");
        if (standalone) {
            return response.up().withData("mode", "standalone").build();
        }
        if (!leadership.mayServe()) {
            return response.down().withData("mode", "cluster, standby: another replica holds the Lease").build();
        }
        var runtime = operator.get().getRuntimeInfo();
        boolean healthy = runtime.isStarted();
        for (RegisteredController<?> controller : runtime.getRegisteredControllers()) {
            var unhealthy = controller.getControllerHealthInfo().unhealthyEventSources();
            healthy &= unhealthy.isEmpty();
            response.withData(controller.getConfiguration().getName(),
                    unhealthy.isEmpty() ? "OK" : "unhealthy event sources: " + unhealthy.keySet());
        }
        return response.status(healthy).withData("mode", "cluster").build();
    }
}
