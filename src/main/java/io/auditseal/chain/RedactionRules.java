package io.auditseal.chain;

import java.util.List;
import java.util.Objects;

/**
 * A chain's redaction settings (spec.redaction): whether the built-in rules cover every namespace ({@code builtIn},
 * the default) or only those that hold the sink's own key material (see {@link ChainRegistry#holdsKeyMaterial}), and
 * the chain's own rules, applied after the built-in ones (docs/INGEST.md, "Secrets in audit events"). The built-in
 * rules on and no rules of its own for most chains.
 */
public record RedactionRules(boolean builtIn, List<Rule> rules) {

    public static final RedactionRules NONE = new RedactionRules(List.of());

    public RedactionRules {
        rules = List.copyOf(rules);
    }

    /** The built-in rules and {@code rules}. */
    public RedactionRules(List<Rule> rules) {
        this(true, rules);
    }

    /**
     * The values at {@code paths} (each the member names along a JSON Pointer) of the objects of events about {@code group}/{@code resource}
     * (and {@code subresource}, empty for the resource itself).
     */
    public record Rule(String group, String resource, String subresource, List<List<String>> paths) {

        public Rule {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(subresource, "subresource");
            if (resource == null || resource.isEmpty()) {
                throw new IllegalArgumentException("a redaction rule names a resource");
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("a redaction rule has at least one path");
            }
            paths = paths.stream().map(List::copyOf).toList();
        }

        /** Whether an event about {@code group}/{@code resource}/{@code subresource} is this rule's. */
        public boolean matches(String group, String resource, String subresource) {
            return this.group.equals(group) && this.resource.equals(resource) && this.subresource.equals(subresource);
        }
    }

    /** The rules for an event about {@code group}/{@code resource}/{@code subresource}. */
    public List<Rule> matching(String group, String resource, String subresource) {
        return rules.stream().filter(r -> r.matches(group, resource, subresource)).toList();
    }
}
