package io.auditseal.store;

import java.util.List;

/**
 * What a store offers for sealing. Only {@code objectLock} makes a store tamper-proof: the store itself then
 * enforces write-once; {@code problems} lists what makes the store unusable, each a sentence for status and logs.
 */
public record StoreCheck(boolean versioning, boolean objectLock, List<String> problems) {

    public StoreCheck {
        problems = List.copyOf(problems);
    }

    public boolean usable() {
        return problems.isEmpty();
    }
}
