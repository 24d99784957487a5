package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** Values the sink removes from audit events before they are durable, beyond the built-in rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedactionSpec {

    @JsonPropertyDescription("Rules of this chain's own, applied after the built-in ones (Secret values, "
            + "TokenRequest and TokenReview tokens, which always apply).")
    private List<RedactionRuleSpec> rules;

    public List<RedactionRuleSpec> getRules() {
        return rules == null ? new ArrayList<>() : rules;
    }

    public void setRules(List<RedactionRuleSpec> rules) {
        this.rules = rules;
    }
}
