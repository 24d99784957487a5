package io.auditseal.operator.controller;

import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.StoreOpener;
import io.auditseal.format.ChainId;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.StoreException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The object stores the reconcilers check seals through: one per chain registration, shared by concurrent
 * reconciles. Opening a store reads its credentials Secret and builds an S3 client, which once per AuditSeal per
 * verifyInterval made thousands of Secret reads an hour. A store is replaced when the chain is registered anew
 * (spec or credentials changed) and after a storage failure (so rotated S3 keys are read again), and closed only
 * once no check is using it.
 */
@ApplicationScoped
public class SharedStores {

    /** Work done with a chain's store. */
    @FunctionalInterface
    public interface StoreWork<T> {
        T run(ObjectStore store) throws StoreException, ChainConfigException;
    }

    /** One open store, the registration it was opened for, and how many checks use it now. */
    private static final class Shared {
        final RegisteredChain chain;
        final ObjectStore store;
        int users;
        boolean retired;

        Shared(RegisteredChain chain, ObjectStore store) {
            this.chain = chain;
            this.store = store;
        }
    }

    /** Opens a chain's store. */
    @FunctionalInterface
    interface Opener {
        ObjectStore open(RegisteredChain chain) throws ChainConfigException;
    }

    private final Opener opener;
    private final Map<ChainId, Shared> shared = new HashMap<>();

    @Inject
    public SharedStores(StoreOpener stores) {
        this(chain -> stores.open(chain.settings()));
    }

    SharedStores(Opener opener) {
        this.opener = opener;
    }

    /** Runs {@code work} with {@code chain}'s store, opening it if this registration has none open yet. */
    public <T> T withStore(RegisteredChain chain, StoreWork<T> work) throws StoreException, ChainConfigException {
        Shared lease = acquire(chain);
        boolean storeFailed = false;
        try {
            return work.run(lease.store);
        } catch (StoreException e) {
            storeFailed = true;
            throw e;
        } finally {
            release(lease, storeFailed);
        }
    }

    private synchronized Shared acquire(RegisteredChain chain) throws ChainConfigException {
        Shared current = shared.get(chain.id());
        // The registry hands out one RegisteredChain per registration: another instance is a new configuration.
        if (current == null || current.chain != chain) {
            if (current != null) {
                retire(current);
                closeIfUnused(current);
            }
            current = new Shared(chain, opener.open(chain));
            shared.put(chain.id(), current);
        }
        current.users++;
        return current;
    }

    private synchronized void release(Shared lease, boolean storeFailed) {
        lease.users--;
        if (storeFailed) {
            retire(lease);
        }
        closeIfUnused(lease);
    }

    /** Stops handing {@code entry} out; it is closed once its last user is done. */
    private void retire(Shared entry) {
        shared.remove(entry.chain.id(), entry);
        entry.retired = true;
    }

    private void closeIfUnused(Shared entry) {
        if (entry.retired && entry.users == 0) {
            entry.store.close();
        }
    }

    @PreDestroy
    synchronized void close() {
        for (Shared entry : new ArrayList<>(shared.values())) {
            retire(entry);
            closeIfUnused(entry);
        }
    }
}
