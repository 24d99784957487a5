package io.auditseal.api.v1alpha1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a status's condition list from the previous one: a condition whose status is unchanged keeps its
 * {@code lastTransitionTime}; a changed or new one gets {@code now}. Conditions not set again are dropped, so a
 * reconcile states every condition it owns each time.
 */
public final class StatusConditions {

    private final Map<String, StatusCondition> previous = new LinkedHashMap<>();
    private final Map<String, StatusCondition> next = new LinkedHashMap<>();
    private final long generation;
    private final String now;

    public StatusConditions(List<StatusCondition> previous, long generation, Instant now) {
        if (previous != null) {
            previous.forEach(condition -> this.previous.put(condition.getType(), condition));
        }
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public StatusConditions set(String type, boolean holds, String reason, String message) {
        return set(type, holds ? StatusCondition.TRUE : StatusCondition.FALSE, reason, message);
    }

    public StatusConditions unknown(String type, String reason, String message) {
        return set(type, StatusCondition.UNKNOWN, reason, message);
    }

    private StatusConditions set(String type, String status, String reason, String message) {
        StatusCondition before = previous.get(type);
        String since = before != null && status.equals(before.getStatus()) ? before.getLastTransitionTime() : now;
        next.put(type, new StatusCondition(type, status, reason, message, since, generation));
        return this;
    }

    /** Carries {@code condition} over unchanged, e.g. when an error stops a reconcile before it is re-evaluated. */
    public StatusConditions keep(StatusCondition condition) {
        next.put(condition.getType(), condition);
        return this;
    }

    /** The condition as set in this round, if it was. */
    public Optional<StatusCondition> get(String type) {
        return Optional.ofNullable(next.get(type));
    }

    public boolean allTrue(String... types) {
        for (String type : types) {
            if (!get(type).map(StatusCondition::isTrue).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    public List<StatusCondition> build() {
        return new ArrayList<>(next.values());
    }

    /** The condition of {@code type} in a built list, if present. */
    public static Optional<StatusCondition> find(List<StatusCondition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
