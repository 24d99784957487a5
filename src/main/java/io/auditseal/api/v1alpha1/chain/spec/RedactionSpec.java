package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** Values the sink removes from audit events before they are durable, beyond the built-in rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedactionSpec {

    @JsonPropertyDescription("Whether the built-in rules (Secret values, TokenRequest and TokenReview tokens) apply in "
            + "every namespace. Default true. false keeps Secret values and issued tokens of other namespaces in the "
            + "sealed records, for good, and sets the condition SecretsRedacted to False; they are still removed in the "
            + "sink's own namespace and in every namespace with an AuditChain (their Secrets are the sink's key "
            + "material), and TokenReview tokens are removed everywhere.")
    private Boolean builtIn;

    @JsonPropertyDescription("Rules of this chain's own, applied after the built-in ones.")
    private List<RedactionRuleSpec> rules;

    public boolean isBuiltIn() {
        return !Boolean.FALSE.equals(builtIn);
    }

    public Boolean getBuiltIn() {
        return builtIn;
    }

    public void setBuiltIn(Boolean builtIn) {
        this.builtIn = builtIn;
    }

    public List<RedactionRuleSpec> getRules() {
        return rules == null ? new ArrayList<>() : rules;
    }

    public void setRules(List<RedactionRuleSpec> rules) {
        this.rules = rules;
    }
}
