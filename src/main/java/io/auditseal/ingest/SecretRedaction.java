package io.auditseal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.chain.RedactionRules;

import java.io.IOException;

/**
 * Removes Secret values from an AdmissionRequest before it is recorded: records go to storage nobody can delete, so
 * a secret value must never reach one. Keys stay (who changed which key is the audit fact); values become
 * {@value #REDACTED}. Only requests for core/v1 secrets (and resources a chain's own rules name) go through here, so the cost of a full parse is rare.
 */
final class SecretRedaction {

    static final String REDACTED = "<redacted>";
    /** Client-side {@code kubectl apply} copies the whole object, values included, into this annotation. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    // The same reader as for events: a number of the request keeps its exact value in the record.
    private static final ObjectMapper JSON = EventRedaction.JSON;

    private SecretRedaction() {
    }

    /**
     * The request with the {@code data} and {@code stringData} values of {@code object} and {@code oldObject}
     * redacted, and their last-applied-configuration annotation (a full copy of the Secret) replaced.
     */
    static byte[] redact(byte[] request) {
        return redact(request, true, java.util.List.of());
    }

    /**
     * The request with the Secret values above redacted when {@code secret}, and what each of the chain's
     * {@code rules} names in {@code object} and {@code oldObject}.
     */
    static byte[] redact(byte[] request, boolean secret, java.util.List<RedactionRules.Rule> rules) {
        try {
            JsonNode root = JSON.readTree(request);
            String[] sides = {"object", "oldObject"};
            if (secret) {
                for (String side : sides) {
                    redactSecret(root.path(side), side, new java.util.ArrayList<>());
                }
            }
            for (RedactionRules.Rule rule : rules) {
                EventRedaction.applyRule(root, rule, sides, new java.util.ArrayList<>());
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IngestProblem(RejectReason.MALFORMED_JSON, "AdmissionReview request is not JSON: " + e.getMessage());
        }
    }

    /**
     * Replaces the values of a Secret-shaped {@code object} (a Secret, or a patch of one): every value of its
     * {@code data} and {@code stringData}, and its last-applied-configuration annotation. Adds the path of each value
     * replaced, under {@code path}, to {@code removed}. Anything that is not an object is left alone.
     */
    static void redactSecret(JsonNode object, String path, java.util.List<String> removed) {
        for (String map : new String[] {"data", "stringData"}) {
            if (object.path(map) instanceof ObjectNode values) {
                var names = new java.util.ArrayList<String>();
                values.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    values.put(name, REDACTED);
                    removed.add(path + "." + map + "." + name);
                }
            }
        }
        if (object.path("metadata").path("annotations") instanceof ObjectNode annotations
                && annotations.has(LAST_APPLIED)) {
            annotations.put(LAST_APPLIED, REDACTED);
            removed.add(path + ".metadata.annotations." + LAST_APPLIED);
        }
    }
}
