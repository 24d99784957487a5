package io.auditseal.api.v1alpha1.chain.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.auditseal.format.ChainId;

import java.util.Objects;

/** The sink's URL paths that accept records for a chain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookPaths {

    @JsonPropertyDescription("Path for kube-apiserver's audit webhook backend (EventList batches).")
    private String audit;

    @JsonPropertyDescription("Path for the ValidatingWebhookConfiguration that records configuration changes.")
    private String admission;

    public WebhookPaths() {
    }

    public static WebhookPaths of(ChainId chain) {
        WebhookPaths paths = new WebhookPaths();
        paths.audit = "/v1/audit/" + chain.namespace() + "/" + chain.name();
        paths.admission = "/v1/admission/" + chain.namespace() + "/" + chain.name();
        return paths;
    }

    public String getAudit() {
        return audit;
    }

    public void setAudit(String audit) {
        this.audit = audit;
    }

    public String getAdmission() {
        return admission;
    }

    public void setAdmission(String admission) {
        this.admission = admission;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookPaths w && Objects.equals(audit, w.audit) && Objects.equals(admission, w.admission);
    }

    @Override
    public int hashCode() {
        return Objects.hash(audit, admission);
    }
}
