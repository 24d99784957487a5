package io.auditseal.server;

import io.auditseal.journal.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the journal refuses appends for its cap and holds unsealed records: ingest answers 429 then, and
 * the sink should take no new traffic until the sealer has released some. A refused request larger than the whole
 * cap leaves it ready when nothing is pending: no release could ever make room, and smaller requests still fit.
 */
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
                .status(pending < cap && !(journal.refusing() && pending > 0))
                .withData("refusing", journal.refusing())
                .withData("pendingBytes", pending)
                .withData("capBytes", cap)
                .build();
    }
}
