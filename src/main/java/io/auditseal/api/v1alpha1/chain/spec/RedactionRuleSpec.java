package io.auditseal.api.v1alpha1.chain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

/** One redaction rule: the values at some paths of the objects of events about one resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedactionRuleSpec {

    @JsonPropertyDescription("API group of the resource; empty or absent for the core group.")
    private String group;

    @Required
    @JsonPropertyDescription("Resource, plural as in the event's objectRef, e.g. configmaps.")
    private String resource;

    @JsonPropertyDescription("Subresource, e.g. token; absent for the resource itself.")
    private String subresource;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("JSON Pointers (RFC 6901) into requestObject and responseObject (and into each item of a "
            + "list), e.g. /data, /spec/password or /metadata/annotations/example.com~1api-key (~1 is a slash). A "
            + "pointer to an object replaces each of its values (keys stay); any other value is replaced. JSON "
            + "patches of the resource have every value they write replaced.")
    private List<String> paths;

    public String getGroup() {
        return group == null ? "" : group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getResource() {
        return resource;
    }

    public void setResource(String resource) {
        this.resource = resource;
    }

    public String getSubresource() {
        return subresource == null ? "" : subresource;
    }

    public void setSubresource(String subresource) {
        this.subresource = subresource;
    }

    public List<String> getPaths() {
        return paths == null ? List.of() : paths;
    }

    public void setPaths(List<String> paths) {
        this.paths = paths;
    }
}
