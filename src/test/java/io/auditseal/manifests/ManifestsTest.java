package io.auditseal.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.auditseal.api.ChainResolver;
import io.auditseal.api.StandaloneConfig;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.chain.SecretSource;
import io.auditseal.chain.StorageSettings;
import io.auditseal.format.ChainId;
import io.auditseal.ingest.AdmissionWebhookResource;
import io.auditseal.ingest.AuditWebhookResource;
import io.auditseal.operator.KubernetesSecrets;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.s3.S3StoreConfig;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files under manifests/ parse, say what their comments promise, and point at paths the sink serves; the README's
 * quick start fits them.
 */
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
        List<JsonNode> documents = documents(DIR.resolve("rbac.yaml"));
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
                "coordination.k8s.io leases create", "coordination.k8s.io leases get", "coordination.k8s.io leases update",
                // fabric8's LeaderElector renews the Lease with PATCH: without it the operator loses the Lease at once.
                "coordination.k8s.io leases patch");
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

    // -- minio-objectlock.yaml and example-auditchain.yaml ------------------------------------------------------------

    /**
     * IAM actions of the bucket-level S3 calls S3Store makes: HeadBucket and ListObjectsV2, ListObjectVersions,
     * GetObjectLockConfiguration, GetBucketVersioning.
     */
    private static final Set<String> BUCKET_ACTIONS = Set.of("s3:ListBucket", "s3:ListBucketVersions",
            "s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning");
    /** IAM actions of its object-level calls: PutObject with Object Lock headers, GetObject, GetObjectRetention. */
    private static final Set<String> OBJECT_ACTIONS = Set.of("s3:PutObject", "s3:PutObjectRetention", "s3:GetObject",
            "s3:GetObjectRetention");

    @Test
    void minioObjectLock_chainResolves_andNamesTheMinioTheFileDeploys(@TempDir java.nio.file.Path temp) throws Exception {
        checkMinioObjectLock(DIR.resolve("minio-objectlock.yaml"), temp);
    }

    @Test
    void minioObjectLock_brokenCopies_failTheCheck(@TempDir java.nio.file.Path temp) throws Exception {
        String good = Files.readString(DIR.resolve("minio-objectlock.yaml"));
        Map<String, String[]> breakages = new LinkedHashMap<>();
        breakages.put("endpoint names another namespace", new String[] {
                "endpoint: http://minio.auditseal.svc:9000", "endpoint: http://minio.minio.svc:9000"});
        breakages.put("Service port differs", new String[] {"port: 9000\n      targetPort: s3", "port: 9001\n      targetPort: s3"});
        breakages.put("Service selects no MinIO pod", new String[] {
                "selector:\n    app.kubernetes.io/name: minio\n", "selector:\n    app.kubernetes.io/name: minio-server\n"});
        breakages.put("Job creates another bucket", new String[] {
                "- name: BUCKET\n              value: auditseal", "- name: BUCKET\n              value: seals"});
        breakages.put("bucket without Object Lock", new String[] {"mc mb --ignore-existing --with-lock", "mc mb --ignore-existing"});
        breakages.put("bucket default GOVERNANCE", new String[] {"--default COMPLIANCE", "--default GOVERNANCE"});
        breakages.put("chain in GOVERNANCE mode", new String[] {"mode: COMPLIANCE", "mode: GOVERNANCE"});
        breakages.put("token Secret key missing", new String[] {"key: token", "key: bearer"});
        breakages.put("S3 secret key missing", new String[] {
                "AWS_SECRET_ACCESS_KEY: CHANGE-ME-s3-secret", "AWS_SECRET_KEY: CHANGE-ME-s3-secret"});
        breakages.put("policy lacks PutObjectRetention", new String[] {
                "\"s3:PutObject\", \"s3:PutObjectRetention\"", "\"s3:PutObject\""});
        breakages.put("policy grants DeleteObject", new String[] {
                "\"s3:GetObjectRetention\"]", "\"s3:GetObjectRetention\", \"s3:DeleteObject\"]"});
        breakages.put("MinIO image unpinned", new String[] {
                "image: minio/minio:RELEASE.2025-04-22T22-12-26Z", "image: minio/minio:latest"});
        breakages.put("unknown AuditChain field", new String[] {"pathStyle: true", "pathstyle: true"});
        assertEquals(List.of(), survivors(good, breakages, temp, "minio-objectlock.yaml", ManifestsTest::checkMinioObjectLock),
                "breakages the check did not catch");
    }

    @Test
    void exampleAuditChain_awsS3_virtualHostedCompliance_withTheIamPolicyS3StoreNeeds(@TempDir java.nio.file.Path temp)
            throws Exception {
        checkExampleAuditChain(DIR.resolve("example-auditchain.yaml"), temp);
    }

    @Test
    void exampleAuditChain_brokenCopies_failTheCheck(@TempDir java.nio.file.Path temp) throws Exception {
        String good = Files.readString(DIR.resolve("example-auditchain.yaml"));
        Map<String, String[]> breakages = new LinkedHashMap<>();
        breakages.put("path-style", new String[] {"pathStyle: false", "pathStyle: true"});
        breakages.put("endpoint of another region", new String[] {
                "endpoint: https://s3.eu-west-1.amazonaws.com", "endpoint: https://s3.us-east-2.amazonaws.com"});
        breakages.put("plain http", new String[] {"endpoint: https://", "endpoint: http://"});
        breakages.put("GOVERNANCE", new String[] {"mode: COMPLIANCE", "mode: GOVERNANCE"});
        breakages.put("credentials Secret missing", new String[] {"credentialsSecretRef:\n        name: auditseal-chain",
                "credentialsSecretRef:\n        name: s3-credentials"});
        breakages.put("policy lacks ListBucketVersions", new String[] {
                "[\"s3:ListBucket\", \"s3:ListBucketVersions\",", "[\"s3:ListBucket\","});
        breakages.put("policy on another prefix", new String[] {
                "example-auditseal-seals/kubernetes/*\"", "example-auditseal-seals/*\""});
        assertEquals(List.of(), survivors(good, breakages, temp, "example-auditchain.yaml",
                        ManifestsTest::checkExampleAuditChain),
                "breakages the check did not catch");
    }

    @Test
    void readmeQuickStart_replacesEveryPlaceholderOfTheMinioManifest() throws Exception {
        String readme = Files.readString(java.nio.file.Path.of("README.md"));
        Matcher placeholders = Pattern.compile("CHANGE-ME-[a-z0-9-]+")
                .matcher(Files.readString(DIR.resolve("minio-objectlock.yaml")));
        Set<String> found = new TreeSet<>();
        while (placeholders.find()) {
            found.add(placeholders.group());
        }
        assertEquals(Set.of("CHANGE-ME-minio-root", "CHANGE-ME-s3-secret", "CHANGE-ME-token"), found);
        for (String placeholder : found) {
            assertTrue(readme.contains("s/" + placeholder + "/"), "the README quick start does not replace " + placeholder);
        }
        assertTrue(readme.contains("manifests/minio-objectlock.yaml"));
    }

    /**
     * The quick start's own files (heredocs), kind config, k3d flags and helm values name the same paths, port, chain
     * and Secret as each other and as the manifests; the chart renders with those values.
     */
    @Test
    void readmeQuickStart_kubeconfigClusterConfigAndChart_fitTogether() throws Exception {
        String readme = Files.readString(java.nio.file.Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Quick start on kind or k3d"), readme.indexOf("## Status"));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("$(base64 < \"$QS/ca.crt\" | tr -d '\\n')", "Q0EK");
        variables.put("$QS", "/home/someone/auditseal-quickstart");
        variables.put("$TOKEN", "t0ken");
        Matcher node = Pattern.compile("\nNODE=(\\S+)").matcher(section);
        assertTrue(node.find(), "NODE=");
        variables.put("$NODE", node.group(1));
        Map<String, JsonNode> files = new LinkedHashMap<>();
        Matcher heredoc = Pattern.compile("cat > \"\\$QS/([^\"]+)\" <<EOF\n(.*?)\nEOF\n", Pattern.DOTALL).matcher(section);
        while (heredoc.find()) {
            String text = heredoc.group(2);
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                text = text.replace(variable.getKey(), variable.getValue());
            }
            files.put(heredoc.group(1), YAML.readTree(text));
        }
        assertEquals(Set.of("apiserver/audit-webhook-kubeconfig.yaml", "kind.yaml"), files.keySet());
        assertTrue(section.contains("cp manifests/audit-policy.yaml \"$QS/apiserver/\""), "the policy beside the kubeconfig");

        // The kubeconfig: the node by name, the chain of minio-objectlock.yaml, a token.
        JsonNode kubeconfig = files.get("apiserver/audit-webhook-kubeconfig.yaml");
        URI server = URI.create(kubeconfig.at("/clusters/0/cluster/server").asText());
        assertEquals("https", server.getScheme());
        assertEquals(node.group(1), server.getHost());
        ChainId chain = chainOf(AuditWebhookResource.class, server.getPath());
        JsonNode minioChain = find(documents(DIR.resolve("minio-objectlock.yaml")), "AuditChain", chain.name());
        assertEquals(chain.namespace(), minioChain.at("/metadata/namespace").asText());
        assertEquals("t0ken", kubeconfig.at("/users/0/user/token").asText());
        assertTrue(section.contains("s/CHANGE-ME-token/$TOKEN/"), "the chain's token is the kubeconfig's");
        assertTrue(section.contains("subjectAltName=DNS:auditseal.auditseal.svc,DNS:%s") && section.contains("\"$NODE\")"),
                "the certificate names the node kube-apiserver dials");

        // kind: the directory mounted into the node, then into the apiserver, and the flags naming its two files.
        JsonNode kind = files.get("kind.yaml");
        assertEquals(node.group(1), kind.get("name").asText() + "-control-plane", "kind names its node <cluster>-control-plane");
        JsonNode controlPlane = kind.at("/nodes/0");
        assertEquals(variables.get("$QS") + "/apiserver", controlPlane.at("/extraMounts/0/hostPath").asText());
        String inNode = controlPlane.at("/extraMounts/0/containerPath").asText();
        JsonNode patch = YAML.readTree(controlPlane.at("/kubeadmConfigPatches/0").asText());
        assertEquals("ClusterConfiguration", patch.get("kind").asText());
        JsonNode args = patch.at("/apiServer/extraArgs");
        assertEquals(inNode + "/audit-policy.yaml", args.get("audit-policy-file").asText());
        assertEquals(inNode + "/audit-webhook-kubeconfig.yaml", args.get("audit-webhook-config-file").asText());
        assertEquals("batch", args.get("audit-webhook-mode").asText());
        assertEquals(inNode, patch.at("/apiServer/extraVolumes/0/hostPath").asText());
        assertEquals(inNode, patch.at("/apiServer/extraVolumes/0/mountPath").asText());

        // k3d: the same directory and flags on server 0, whose container is the NODE of the k3d variant.
        String cluster = kind.get("name").asText();
        assertTrue(section.contains("k3d cluster create " + cluster + " "), "k3d cluster " + cluster);
        assertTrue(section.contains("NODE=k3d-" + cluster + "-server-0"), "k3d names its node k3d-<cluster>-server-0");
        assertTrue(section.contains("--volume \"$QS/apiserver:" + inNode + "@server:0\""));
        args.fields().forEachRemaining(flag -> assertTrue(section.contains(
                "--k3s-arg '--kube-apiserver-arg=" + flag.getKey() + "=" + flag.getValue().asText() + "@server:0'"),
                "k3d lacks --" + flag.getKey()));

        // Helm: the README's --set values render a NodePort on the kubeconfig's port and mount the README's Secret.
        Matcher helm = Pattern.compile("helm install (\\S+) (\\S+) -n (\\S+)((?:(?: \\\\\n)? +--set \\S+)+)").matcher(section);
        assertTrue(helm.find(), "helm install with --set values");
        TemplateCommand template = new Helm(java.nio.file.Path.of(helm.group(2))).template().withName(helm.group(1))
                .withNamespace(helm.group(3));
        Matcher set = Pattern.compile("--set (\\S+?)=(\\S+)").matcher(section.substring(helm.start()));
        int sets = 0;
        while (set.find() && set.start() < helm.end() - helm.start()) {
            template = template.set(set.group(1), set.group(2));
            sets++;
        }
        assertEquals(4, sets, "--set values of the helm install");
        List<JsonNode> rendered = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(template.call())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    rendered.add(d);
                }
            });
        }
        JsonNode service = find(rendered, "Service", "auditseal");
        assertEquals("NodePort", service.at("/spec/type").asText());
        assertEquals(server.getPort(), service.at("/spec/ports/0/nodePort").asInt(), "the kubeconfig's port");
        assertEquals(chain.namespace(), service.at("/metadata/namespace").asText());
        JsonNode deployment = find(rendered, "Deployment", "auditseal");
        Matcher tlsSecret = Pattern.compile("create secret generic (\\S+) --type=kubernetes.io/tls").matcher(section);
        assertTrue(tlsSecret.find());
        assertTrue(deployment.at("/spec/template/spec/volumes").toString()
                        .contains("\"secretName\":\"" + tlsSecret.group(1) + "\""),
                "the sink serves the certificate of step 2");
    }

    /**
     * minio-objectlock.yaml: its AuditChain resolves against its own Secrets, seals in COMPLIANCE mode into the bucket
     * its Job creates with Object Lock, through the Service in front of its MinIO, with a user whose policy is exactly
     * what S3Store calls.
     */
    private static void checkMinioObjectLock(java.nio.file.Path file, java.nio.file.Path temp) throws Exception {
        List<JsonNode> documents = documents(file);
        StandaloneConfig config = standaloneConfig(file, temp);
        RegisteredChain chain = resolveOnlyChain(config, file);
        assertEquals(webhookChain(), chain.id(), "the chain the webhook manifests post to");
        StorageSettings.S3 s3 = chain.settings().storage() instanceof StorageSettings.S3 bucket ? bucket : null;
        assertNotNull(s3, "S3 storage");
        assertEquals(RetentionMode.COMPLIANCE, chain.settings().retentionMode());
        assertTrue(s3.pathStyle(), "MinIO: path-style");
        s3StoreConfig(chain, config);

        // The endpoint is the MinIO Service: http://<service>.<namespace>.svc:<port>, forwarded to the MinIO container.
        URI endpoint = URI.create(s3.endpoint());
        String[] host = endpoint.getHost().split("\\.");
        assertEquals(3, host.length, "service.namespace.svc: " + endpoint);
        assertEquals("svc", host[2]);
        JsonNode service = find(documents, "Service", host[0]);
        assertEquals(host[1], service.at("/metadata/namespace").asText(), "namespace of Service " + host[0]);
        JsonNode servicePort = null;
        for (JsonNode port : service.at("/spec/ports")) {
            if (port.get("port").asInt() == endpoint.getPort()) {
                servicePort = port;
            }
        }
        assertNotNull(servicePort, "Service " + host[0] + " has no port " + endpoint.getPort());
        JsonNode minio = find(documents, "Deployment", "minio");
        assertEquals(host[1], minio.at("/metadata/namespace").asText());
        JsonNode labels = minio.at("/spec/template/metadata/labels");
        service.at("/spec/selector").fields().forEachRemaining(selector -> assertEquals(selector.getValue().asText(),
                labels.path(selector.getKey()).asText(), "Service selector " + selector.getKey()));
        JsonNode container = minio.at("/spec/template/spec/containers/0");
        String targetPort = servicePort.get("targetPort").asText();
        boolean served = false;
        for (JsonNode port : container.get("ports")) {
            served |= port.path("name").asText().equals(targetPort) || port.get("containerPort").asText().equals(targetPort);
        }
        assertTrue(served, "the MinIO container has no port " + targetPort);
        assertPinned(container.get("image").asText(), "minio/minio:RELEASE.");
        assertEquals("Recreate", minio.at("/spec/strategy/type").asText(), "one MinIO on a ReadWriteOnce volume");
        for (JsonNode volume : minio.at("/spec/template/spec/volumes")) {
            if (volume.has("persistentVolumeClaim")) {
                find(documents, "PersistentVolumeClaim", volume.at("/persistentVolumeClaim/claimName").asText());
            }
        }
        assertTrue(minio.at("/spec/template/spec/volumes").toString().contains("persistentVolumeClaim"),
                "MinIO's data on a PersistentVolumeClaim: seals must outlive the pod");

        // The Job: the chain's bucket, with Object Lock and a COMPLIANCE default of the chain's days, on the same
        // MinIO, and a user with the chain's credentials and exactly the actions S3Store needs.
        JsonNode job = find(documents, "Job", "minio-bucket");
        JsonNode mc = job.at("/spec/template/spec/containers/0");
        assertPinned(mc.get("image").asText(), "minio/mc:RELEASE.");
        Map<String, JsonNode> env = new LinkedHashMap<>();
        mc.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        assertEquals(s3.endpoint(), env.get("ENDPOINT").get("value").asText());
        assertEquals(s3.bucket(), env.get("BUCKET").get("value").asText(), "the bucket the Job creates");
        assertEquals(String.valueOf(chain.settings().retention().toDays()), env.get("RETENTION_DAYS").get("value").asText());
        StorageSettings.S3Keys credentials = s3.keys().orElseThrow();
        assertEquals(credentials.accessKeyId().name(), env.get("SEALER_ACCESS_KEY").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals(credentials.accessKeyId().key(), env.get("SEALER_ACCESS_KEY").at("/valueFrom/secretKeyRef/key").asText());
        assertEquals(credentials.secretAccessKey().name(), env.get("SEALER_SECRET_KEY").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals(credentials.secretAccessKey().key(),
                env.get("SEALER_SECRET_KEY").at("/valueFrom/secretKeyRef/key").asText());
        for (String root : List.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")) {
            JsonNode serverSide = null;
            for (JsonNode e : container.get("env")) {
                serverSide = e.get("name").asText().equals(root) ? e : serverSide;
            }
            assertNotNull(serverSide, "MinIO's " + root);
            assertEquals(serverSide.get("valueFrom"), env.get(root).get("valueFrom"), "the Job logs in as MinIO's root: " + root);
        }
        String script = mc.get("args").get(0).asText();
        assertTrue(script.contains("mc mb --ignore-existing --with-lock \"local/$BUCKET\""), "bucket with Object Lock");
        assertTrue(script.contains("mc retention set --default COMPLIANCE \"${RETENTION_DAYS}d\" \"local/$BUCKET\""),
                "default COMPLIANCE retention");
        Matcher heredoc = Pattern.compile("<<EOF\n(.*?)\nEOF\n", Pattern.DOTALL).matcher(script);
        assertTrue(heredoc.find(), "the sealer's policy document");
        JsonNode policy = new ObjectMapper().readTree(heredoc.group(1).replace("$BUCKET", s3.bucket()));
        assertPolicy(policy, s3);
        assertSecretKeyRefsExist(documents, config);
    }

    /** example-auditchain.yaml: AWS S3, virtual-hosted, regional HTTPS endpoint, COMPLIANCE, and its IAM policy. */
    private static void checkExampleAuditChain(java.nio.file.Path file, java.nio.file.Path temp) throws Exception {
        StandaloneConfig config = standaloneConfig(file, temp);
        RegisteredChain chain = resolveOnlyChain(config, file);
        assertEquals(webhookChain(), chain.id(), "the chain the webhook manifests post to");
        StorageSettings.S3 s3 = chain.settings().storage() instanceof StorageSettings.S3 bucket ? bucket : null;
        assertNotNull(s3, "S3 storage");
        assertFalse(s3.pathStyle(), "AWS S3: virtual-hosted style");
        assertEquals(URI.create("https://s3." + s3.region().orElse(null) + ".amazonaws.com"), URI.create(s3.endpoint()),
                "the regional endpoint of the bucket's region");
        assertEquals(RetentionMode.COMPLIANCE, chain.settings().retentionMode());
        s3StoreConfig(chain, config);
        // The policy document in the file's comments, between "As a policy document:" and the first YAML line.
        StringBuilder json = new StringBuilder();
        boolean inPolicy = false;
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#")) {
                break;
            }
            if (inPolicy) {
                json.append(line.substring(1)).append('\n');
            }
            inPolicy |= line.contains("As a policy document:");
        }
        assertPolicy(new ObjectMapper().readTree(json.toString()), s3);
    }

    /** Exactly the bucket actions on the bucket and the object actions on the chain's keys: nothing that deletes. */
    private static void assertPolicy(JsonNode policy, StorageSettings.S3 s3) {
        String bucketArn = "arn:aws:s3:::" + s3.bucket();
        String objectsArn = bucketArn + (s3.prefix().filter(p -> !p.isEmpty()).map(p -> "/" + p).orElse("")) + "/*";
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertEquals("Allow", statement.get("Effect").asText());
            for (JsonNode resource : asList(statement.get("Resource"))) {
                for (JsonNode action : asList(statement.get("Action"))) {
                    granted.computeIfAbsent(resource.asText(), r -> new TreeSet<>()).add(action.asText());
                }
            }
        }
        assertEquals(Map.of(bucketArn, new TreeSet<>(BUCKET_ACTIONS), objectsArn, new TreeSet<>(OBJECT_ACTIONS)), granted);
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    /** A release tag, never latest or no tag: a re-pulled image must be the one these files were written for. */
    private static void assertPinned(String image, String prefix) {
        assertTrue(image.startsWith(prefix) && !image.endsWith(":latest"), image + " is not pinned to a release (" + prefix + ")");
    }

    /** Every secretKeyRef of every pod template names a Secret of the file, and a key it has. */
    private static void assertSecretKeyRefsExist(List<JsonNode> documents, StandaloneConfig config) {
        for (JsonNode document : documents) {
            String namespace = document.at("/metadata/namespace").asText();
            for (JsonNode ref : document.findValues("secretKeyRef")) {
                String name = ref.get("name").asText();
                String key = ref.get("key").asText();
                assertTrue(config.read(new ChainId(namespace, "any"), name, key).isPresent(), document.get("kind").asText() + " "
                        + document.at("/metadata/name").asText() + " reads Secret " + namespace + "/" + name
                        + " key " + key + ", which the file does not have");
            }
        }
    }

    /** The chain manifests/audit-webhook-kubeconfig.yaml posts to. */
    private static ChainId webhookChain() throws Exception {
        JsonNode kubeconfig = YAML.readTree(DIR.resolve("audit-webhook-kubeconfig.yaml").toFile());
        URI server = URI.create(kubeconfig.at("/clusters/0/cluster/server").asText());
        return chainOf(AuditWebhookResource.class, server.getPath());
    }

    /**
     * The file's AuditChains and Secrets, read by StandaloneConfig exactly as {@code serve --standalone} reads chain
     * files (unknown fields refused). It accepts only those two kinds, so they are copied alone into {@code temp}.
     */
    private static StandaloneConfig standaloneConfig(java.nio.file.Path file, java.nio.file.Path temp) throws Exception {
        StringBuilder kept = new StringBuilder();
        for (JsonNode document : documents(file)) {
            String kind = document.path("kind").asText();
            if (kind.equals("AuditChain") || kind.equals("Secret")) {
                kept.append(YAML.writeValueAsString(document));
            }
        }
        java.nio.file.Path directory = Files.createDirectories(temp.resolve("config"));
        Files.writeString(directory.resolve(file.getFileName()), kept, StandardCharsets.UTF_8);
        try {
            return StandaloneConfig.load(directory);
        } catch (ChainConfigException e) {
            throw new AssertionFailedError(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's one AuditChain, resolved by ChainResolver (spec and token Secret) as the sink registers it, each
     * Secret it reads labelled for it as the operator requires in a cluster.
     */
    private static RegisteredChain resolveOnlyChain(StandaloneConfig config, java.nio.file.Path file) throws Exception {
        assertEquals(1, config.chains().size(), "AuditChains in the file");
        List<JsonNode> documents = documents(file);
        SecretSource labelled = (chain, name, key) -> {
            JsonNode secret = documents.stream().filter(d -> "Secret".equals(d.path("kind").asText())
                    && name.equals(d.at("/metadata/name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionFailedError(file + " has no Secret " + name));
            assertTrue(KubernetesSecrets.givenTo(new ObjectMapper().convertValue(secret,
                    io.fabric8.kubernetes.api.model.Secret.class), chain), file + ": Secret " + name
                    + " is not labelled for chain " + chain + ", so the operator would not read it");
            return config.read(chain, name, key);
        };
        try {
            return new ChainResolver(labelled).resolve(config.chains().get(0));
        } catch (ChainConfigException e) {
            throw new AssertionFailedError(e.getMessage(), e);
        }
    }

    /** The S3 store settings as StoreOpener builds them: credentials read from the file's Secret, then validated. */
    private static S3StoreConfig s3StoreConfig(RegisteredChain chain, StandaloneConfig secrets) {
        StorageSettings.S3 s3 = chain.settings().storage() instanceof StorageSettings.S3 bucket ? bucket : null;
        assertTrue(s3.keys().isPresent(), "spec.storage.s3.credentialsSecretRef");
        StorageSettings.S3Keys ref = s3.keys().get();
        String accessKey = secretValue(secrets, chain.id(), ref.accessKeyId().name(), ref.accessKeyId().key());
        String secretKey = secretValue(secrets, chain.id(), ref.secretAccessKey().name(), ref.secretAccessKey().key());
        try {
            return new S3StoreConfig(s3.endpoint(), s3.region().orElse(null), s3.bucket(), s3.prefix().orElse(null), s3.pathStyle(),
                    accessKey.strip(), secretKey.strip());
        } catch (IllegalArgumentException e) {
            throw new AssertionFailedError(e.getMessage(), e);
        }
    }

    private static String secretValue(StandaloneConfig secrets, ChainId chain, String name, String key) {
        return secrets.read(chain, name, key).map(value -> new String(value, StandardCharsets.UTF_8)).orElseThrow(() ->
                new AssertionFailedError("Secret " + chain.namespace() + "/" + name + " has no key " + key));
    }

    @FunctionalInterface
    private interface FileCheck {
        void check(java.nio.file.Path file, java.nio.file.Path temp) throws Exception;
    }

    /** The breakages (name: {from, to}, applied to {@code good}) that {@code check} lets through; each must apply. */
    private static List<String> survivors(String good, Map<String, String[]> breakages, java.nio.file.Path temp,
                                          String fileName, FileCheck check) throws Exception {
        List<String> survived = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String[]> breakage : breakages.entrySet()) {
            String from = breakage.getValue()[0];
            assertTrue(good.contains(from), "breakage \"" + breakage.getKey() + "\" no longer applies: " + from);
            java.nio.file.Path dir = Files.createDirectories(temp.resolve("broken-" + n++));
            java.nio.file.Path broken = dir.resolve(fileName);
            Files.writeString(broken, good.replace(from, breakage.getValue()[1]));
            try {
                check.check(broken, dir);
                survived.add(breakage.getKey());
            } catch (AssertionFailedError expected) {
                // Caught, as it must be.
            }
        }
        return survived;
    }

    /** Every non-empty document of a multi-document YAML file. */
    private static List<JsonNode> documents(java.nio.file.Path file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            });
        }
        return documents;
    }

    /** The document of that kind and name; fails when there is none. */
    private static JsonNode find(List<JsonNode> documents, String kind, String name) {
        for (JsonNode document : documents) {
            if (document.path("kind").asText().equals(kind) && document.at("/metadata/name").asText().equals(name)) {
                return document;
            }
        }
        throw new AssertionFailedError("no " + kind + " " + name);
    }
}
