package io.auditseal.operator;

import jakarta.inject.Singleton;

/**
 * Whether this replica holds the Lease. Only the leader registers chains, so only it can accept webhook requests:
 * a standby replica reports not ready, and the Service routes to the leader alone.
 */
@Singleton
public class Leadership {

    private volatile boolean electionActive;
    private volatile boolean leading;

    void electionActivated() {
        electionActive = true;
    }

    void leading(boolean leading) {
        this.leading = leading;
    }

    /** True when leader election is off (one replica, tests) or this replica leads. */
    public boolean mayServe() {
        return !electionActive || leading;
    }
}
