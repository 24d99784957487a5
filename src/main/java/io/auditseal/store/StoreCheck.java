package io.auditseal.store;

import java.util.List;

/**
 * What a store offers for sealing. {@code immutable} is true only where the store itself enforces write-once
 * (Object Lock); {@code problems} lists what makes the store unusable, each a sentence for status and logs.
 */
public record StoreCheck(boolean immutable, boolean versioning, boolean objectLock, List<String> problems) {

    public StoreCheck {
        problems = List.copyOf(problems);
    }

    public boolean usable() {
        return problems.isEmpty();
    }
}
