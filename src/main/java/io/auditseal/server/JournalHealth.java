package io.auditseal.server;

import io.auditseal.journal.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the journal has room: a full journal answers 429, so the sink should not take new traffic. */
@Readiness
@ApplicationScoped
public class JournalHealth implements HealthCheck {

    private final Journal journal;
    private final ServeConfig config;

    public JournalHealth(Journal journal, ServeConfig config) {
        this.journal = journal;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        long pending = journal.pendingBytes();
        long cap = config.journal().capBytes();
        return HealthCheckResponse.named("journal")
                .status(pending < cap)
                .withData("pendingBytes", pending)
                .withData("capBytes", cap)
                .build();
    }
}
