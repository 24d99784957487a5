package io.auditseal.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.auditseal.ingest.AdmissionWebhookResource;
import io.auditseal.ingest.AuditWebhookResource;
import io.auditseal.seal.format.ChainId;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files under manifests/ parse, say what their comments promise, and point at paths the sink serves. */
class ManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final java.nio.file.Path DIR = java.nio.file.Path.of("manifests");

    @Test
    void auditPolicy_dropsRequestReceived_andNeverLogsSecretValues() throws Exception {
        JsonNode policy = YAML.readTree(DIR.resolve("audit-policy.yaml").toFile());
        assertEquals("audit.k8s.io/v1", policy.get("apiVersion").asText());
        assertEquals("Policy", policy.get("kind").asText());
        assertTrue(policy.get("omitStages").toString().contains("RequestReceived"));
        // Rules are matched in order: for reads and writes of a Secret, the first rule that applies decides.
        for (String verb : List.of("get", "list", "create", "update", "patch", "delete")) {
            String level = firstLevelForSecrets(policy.get("rules"), verb);
            assertTrue(level.equals("None") || level.equals("Metadata"), verb + " of a Secret is logged at " + level);
        }
    }

    /** The level of the first rule that applies to {@code verb} on core/v1 secrets by any user in any namespace. */
    private static String firstLevelForSecrets(JsonNode rules, String verb) {
        for (JsonNode rule : rules) {
            boolean narrowed = rule.has("nonResourceURLs") || rule.has("users") || rule.has("userGroups")
                    || rule.has("namespaces");
            boolean verbMatches = !rule.has("verbs") || rule.get("verbs").toString().contains("\"" + verb + "\"");
            boolean resourceMatches = !rule.has("resources");
            if (rule.has("resources")) {
                for (JsonNode group : rule.get("resources")) {
                    resourceMatches |= group.path("group").asText("").isEmpty()
                            && (!group.has("resources") || group.get("resources").toString().contains("\"secrets\""));
                }
            }
            if (!narrowed && verbMatches && resourceMatches) {
                return rule.get("level").asText();
            }
        }
        return "None";
    }

    @Test
    void webhookKubeconfig_pointsAtTheAuditEndpointOfAChain() throws Exception {
        JsonNode kubeconfig = YAML.readTree(DIR.resolve("audit-webhook-kubeconfig.yaml").toFile());
        URI server = URI.create(kubeconfig.get("clusters").get(0).get("cluster").get("server").asText());
        assertEquals("https", server.getScheme());
        ChainId chain = chainOf(AuditWebhookResource.class, server.getPath());
        assertEquals(new ChainId("auditseal", "cluster"), chain);
        assertTrue(kubeconfig.get("users").get(0).get("user").has("token"));
    }

    @Test
    void validatingWebhook_neverBlocks_andRecordsToTheSameChain() throws Exception {
        JsonNode config = YAML.readTree(DIR.resolve("validating-webhook.yaml").toFile());
        assertEquals("ValidatingWebhookConfiguration", config.get("kind").asText());
        JsonNode webhook = config.get("webhooks").get(0);
        assertEquals("Ignore", webhook.get("failurePolicy").asText());
        assertEquals("None", webhook.get("sideEffects").asText());
        assertEquals(5, webhook.get("timeoutSeconds").asInt());
        assertTrue(webhook.get("admissionReviewVersions").toString().contains("v1"));
        ChainId chain = chainOf(AdmissionWebhookResource.class, webhook.get("clientConfig").get("service").get("path").asText());
        assertEquals(new ChainId("auditseal", "cluster"), chain);
        List<String> resources = new ArrayList<>();
        webhook.get("rules").forEach(rule -> rule.get("resources").forEach(r -> resources.add(r.asText())));
        // Secrets too: the sink redacts their values before recording (AdmissionReviewParserTest).
        assertTrue(resources.containsAll(List.of("clusterrolebindings", "customresourcedefinitions", "secrets",
                "configmaps", "deployments")));
    }

    /** The chain a path names, checked against the JAX-RS path template the resource really serves. */
    private static ChainId chainOf(Class<?> resource, String path) {
        String template = resource.getAnnotation(Path.class).value();
        Pattern pattern = Pattern.compile("^" + template.replace("{namespace}", "([^/]+)").replace("{chain}", "([^/]+)") + "$");
        Matcher matcher = pattern.matcher(path);
        assertTrue(matcher.matches(), path + " does not match " + template);
        return new ChainId(matcher.group(1), matcher.group(2));
    }


    @Test
    void rbac_isNamespaced_coversWhatTheOperatorDoes_andNoMore() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(DIR.resolve("rbac.yaml").toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        assertEquals(List.of("ServiceAccount", "Role", "RoleBinding"),
                documents.stream().map(d -> d.get("kind").asText()).toList(), "no ClusterRole: namespace-scoped");
        JsonNode rules = documents.get(1).get("rules");
        // (group, resource, verb) the reconcilers, the recorder and leader election use.
        List<String> needed = List.of(
                "auditseal.io auditchains get", "auditseal.io auditchains list", "auditseal.io auditchains watch",
                "auditseal.io auditchains patch", "auditseal.io auditchains/status patch",
                "auditseal.io auditchains/finalizers update",
                "auditseal.io auditseals create", "auditseal.io auditseals list", "auditseal.io auditseals watch",
                "auditseal.io auditseals patch", "auditseal.io auditseals/status patch",
                " secrets get", " secrets create", " events create",
                "coordination.k8s.io leases create", "coordination.k8s.io leases get", "coordination.k8s.io leases update");
        for (String permission : needed) {
            String[] p = permission.split(" ");
            assertTrue(grants(rules, p[0], p[1], p[2]), "Role lacks " + permission);
        }
        assertTrue(!grants(rules, "", "secrets", "list") && !grants(rules, "", "secrets", "watch")
                && !grants(rules, "", "secrets", "update") && !grants(rules, "", "secrets", "delete"),
                "Secrets: get and create only");
        for (JsonNode rule : rules) {
            assertTrue(!rule.toString().contains("\"*\""), "no wildcards: " + rule);
        }
        assertEquals(documents.get(0).at("/metadata/name").asText(), documents.get(2).at("/subjects/0/name").asText());
        assertEquals(documents.get(1).at("/metadata/name").asText(), documents.get(2).at("/roleRef/name").asText());
    }

    private static boolean grants(JsonNode rules, String group, String resource, String verb) {
        for (JsonNode rule : rules) {
            if (contains(rule.get("apiGroups"), group) && contains(rule.get("resources"), resource)
                    && contains(rule.get("verbs"), verb)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
