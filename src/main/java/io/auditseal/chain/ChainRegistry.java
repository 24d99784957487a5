package io.auditseal.chain;

import io.auditseal.format.ChainId;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The chains the sink serves, with their credentials: the seam between where chains are configured (YAML files in
 * standalone mode, AuditChain resources in cluster mode) and what uses them (ingest, sealing). Changes take effect
 * for the next request; a removed chain stops accepting at once. Thread-safe.
 */
public final class ChainRegistry {

    private final ConcurrentHashMap<ChainId, RegisteredChain> chains = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<ChainId>> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Set<ChainId> pending = ConcurrentHashMap.newKeySet();
    private final java.util.Set<ChainId> closed = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> sinkNamespaces = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<ChainId, String> unsealable = new ConcurrentHashMap<>();

    /** A registered chain, whether or not it still accepts records (sealing goes on for a closed one). */
    public Optional<RegisteredChain> find(ChainId id) {
        return Optional.ofNullable(chains.get(id));
    }

    /** A registered chain that accepts records: what ingest serves. */
    public Optional<RegisteredChain> accepting(ChainId id) {
        return closed.contains(id) ? Optional.empty() : find(id);
    }

    /**
     * Stops accepting records for a chain being deleted, at once, while it stays registered for its sealer to seal
     * what it journaled; {@link #unregister} ends it. Registering it again opens it again.
     */
    public void close(ChainId id) {
        closed.add(id);
    }

    /**
     * Marks a chain whose records cannot be sealed until someone acts (its sealer halted, or refused its key, its
     * configuration or its bucket): ingest then answers "retry" instead of acknowledging records into a journal that
     * nothing drains. A store that is only unreachable is not such a case: the journal holds its records until it is
     * back. {@link #sealable} lifts the mark, and so does {@link #unregister}.
     */
    public void unsealable(ChainId id, String why) {
        unsealable.put(id, why);
    }

    /** Lifts {@link #unsealable}: the chain's sealer runs again. */
    public void sealable(ChainId id) {
        unsealable.remove(id);
    }

    /** Why the chain's records cannot be sealed, if they cannot (see {@link #unsealable}). */
    public Optional<String> whyUnsealable(ChainId id) {
        return Optional.ofNullable(unsealable.get(id));
    }

    public Collection<RegisteredChain> chains() {
        return java.util.List.copyOf(chains.values());
    }

    /**
     * Chains known to exist but not registered yet (cluster mode, while the operator starts): requests for them are
     * answered "retry" rather than "no such chain", so kube-apiserver keeps the batch instead of dropping it.
     */
    public void expect(java.util.Collection<ChainId> ids) {
        ids.stream().filter(id -> !chains.containsKey(id)).forEach(pending::add);
    }

    public boolean pending(ChainId id) {
        return pending.contains(id);
    }

    /** Adds or replaces a chain. */
    public void register(RegisteredChain chain) {
        chains.put(chain.id(), chain);
        pending.remove(chain.id());
        closed.remove(chain.id());
        listeners.forEach(listener -> listener.accept(chain.id()));
    }

    public void unregister(ChainId id) {
        pending.remove(id);
        closed.remove(id);
        unsealable.remove(id);
        if (chains.remove(id) != null) {
            listeners.forEach(listener -> listener.accept(id));
        }
    }

    /** Declares a namespace the sink itself runs in: its service account's tokens are key material. */
    public void addSinkNamespace(String namespace) {
        sinkNamespaces.add(namespace);
    }

    /**
     * Whether Secrets and ServiceAccount tokens of {@code namespace} may be the sink's own key material, which no
     * record may ever hold (a chain that turned the built-in redaction off still has them redacted there): the
     * sink's own namespace, and every namespace with a chain, registered or expected, since a chain's signing key,
     * S3 credentials and webhook token are Secrets of its namespace.
     */
    public boolean holdsKeyMaterial(String namespace) {
        return sinkNamespaces.contains(namespace)
                || chains.keySet().stream().anyMatch(id -> id.namespace().equals(namespace))
                || pending.stream().anyMatch(id -> id.namespace().equals(namespace));
    }

    /** Called with the chain's id after every registration change. */
    public void addListener(Consumer<ChainId> listener) {
        listeners.add(listener);
    }
}
