package io.auditseal.operator;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether this replica holds the Lease. Only the leader registers chains, so only it can accept webhook requests:
 * a standby replica reports not ready, and the Service routes to the leader alone.
 *
 * <p>The identity it holds the Lease under is the pod name ({@code HOSTNAME}, which Kubernetes sets), so a container
 * restarted in its pod takes its own Lease back at once instead of waiting for it to expire (the old container is
 * gone before the kubelet starts the new one); without a pod name, a random one.
 */
@Singleton
public class Leadership {

    private final String identity = identity(System.getenv("HOSTNAME"));
    private volatile boolean electionActive;
    private volatile boolean leading;
    private final List<Runnable> onLeading = new CopyOnWriteArrayList<>();

    static String identity(String hostname) {
        return hostname == null || hostname.isBlank() ? "auditseal-" + UUID.randomUUID() : hostname.strip();
    }

    /** The holder identity this replica writes into the Lease. */
    public String identity() {
        return identity;
    }

    /** Whether leader election runs (cluster mode, prod profile). */
    public boolean electionActive() {
        return electionActive;
    }

    /** Whether this replica holds the Lease now (false when election is off). */
    public boolean leading() {
        return electionActive && leading;
    }

    void electionActivated() {
        electionActive = true;
    }

    void leading(boolean leading) {
        this.leading = leading;
        if (leading) {
            onLeading.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code action} whenever this replica starts leading, on the elector's thread (so it must not block). Never
     * when leader election is off: then nothing waits for leadership.
     */
    public void whenLeading(Runnable action) {
        onLeading.add(action);
    }

    /** True when leader election is off (one replica, tests) or this replica leads. */
    public boolean mayServe() {
        return !electionActive || leading;
    }
}
