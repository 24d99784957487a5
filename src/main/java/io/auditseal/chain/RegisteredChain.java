package io.auditseal.chain;

import io.auditseal.format.ChainId;

/** A chain the sink accepts records for: its settings and the resolved credentials of its senders. */
public record RegisteredChain(ChainSettings settings, ChainCredentials credentials) {

    public ChainId id() {
        return settings.id();
    }

    public long generation() {
        return settings.generation();
    }

    public String origin() {
        return settings.origin();
    }

    public boolean failClosed() {
        return settings.failClosed();
    }
}
