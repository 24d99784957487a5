package io.auditseal.store;

import java.util.List;

/**
 * What a store offers for sealing. Only {@code objectLock} makes a store tamper-proof: the store itself then
 * enforces write-once. {@code fencesWrites}: the store refuses a second write of a key by itself (a conditional
 * put, a hard link), so two writers can never both write one key; without it only the leader Lease keeps them
 * apart. {@code problems} lists what makes the store unusable, each a sentence for status and logs.
 */
public record StoreCheck(boolean versioning, boolean objectLock, boolean fencesWrites, List<String> problems) {

    public StoreCheck {
        problems = List.copyOf(problems);
    }

    public boolean usable() {
        return problems.isEmpty();
    }
}
