package io.auditseal.ingest;

import io.auditseal.chain.RedactionRules;

import java.util.List;
import java.util.function.Predicate;

/**
 * What is removed from one chain's records before they are durable: the built-in rules (Secret values, tokens; see
 * {@link EventRedaction}) for the Secrets and ServiceAccounts of the namespaces they cover, and the chain's own rules.
 *
 * @param builtInCovers whether the built-in rules apply to a Secret or ServiceAccount of a namespace: every one by
 *                      default; with the built-in rules turned off, only those holding the sink's own key material.
 *                      Asked with the empty string when no namespace is known, which is covered.
 * @param rules         the chain's own rules
 */
record Redaction(Predicate<String> builtInCovers, RedactionRules rules) {

    /** The built-in rules in every namespace, and no rules of a chain's own. */
    static final Redaction BUILT_IN = new Redaction(namespace -> true, RedactionRules.NONE);

    /** A chain's redaction: {@code keyMaterial} names the namespaces the built-in rules keep when turned off. */
    static Redaction of(RedactionRules rules, Predicate<String> keyMaterial) {
        return new Redaction(rules.builtIn() ? namespace -> true
                : namespace -> namespace.isEmpty() || keyMaterial.test(namespace), rules);
    }

    /** Whether the built-in rules apply to a Secret or ServiceAccount of {@code namespace} (empty when unknown). */
    boolean coversNamespace(String namespace) {
        return builtInCovers.test(namespace);
    }

    /** Whether a built-in rule applies to an event or request about {@code ref}. */
    boolean builtInApplies(ObjectRef ref) {
        // A TokenReview's token may be anyone's, the sink's included: it is always removed.
        return ref.tokenReview() || (ref.secrets() || ref.tokenRequest()) && coversNamespace(ref.namespace());
    }

    /** The chain's own rules for records about {@code ref}. */
    List<RedactionRules.Rule> matching(ObjectRef ref) {
        return rules.matching(ref.apiGroup(), ref.resource(), ref.subresource());
    }

    /** Whether anything is to be removed from a record about {@code ref}, so that it must be parsed. */
    boolean applies(ObjectRef ref) {
        return builtInApplies(ref) || !matching(ref).isEmpty();
    }
}
