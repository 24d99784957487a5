package io.auditseal.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Helm chart helm/auditseal, linted and rendered by the real Helm engine (helm-java bundles Helm 3.16 as a
 * native library) and checked as parsed YAML. Also keeps manifests/install.yaml equal to the chart's rendering; after
 * changing the chart or crds/, regenerate it with
 * {@code ./mvnw -B -o test -Dtest=HelmChartTest -DupdateInstallYaml=true}.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "auditseal");
    private static final Path CRDS = Path.of("crds");
    private static final Path INSTALL_YAML = Path.of("manifests", "install.yaml");
    private static final String RELEASE = "auditseal";
    private static final String NAMESPACE = "auditseal";
    /** Not auditseal.*: the application's configuration mapping owns that prefix. */
    private static final String UPDATE_INSTALL_YAML = "updateInstallYaml";
    /** The values manifests/install.yaml is rendered with: the one TLS mode that renders the same every time. */
    static final String INSTALL_YAML_VALUES = """
            tls:
              mode: existingSecret
              existingSecret: auditseal-tls
            """;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    // ---- lint and CRDs ------------------------------------------------------------------------------------------

    @Test
    void lint_strict_reportsNoWarningOrError() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        for (String message : result.getMessages()) {
            assertTrue(message.startsWith("[INFO]"), "lint: " + message);
        }
    }

    @Test
    void chartCrds_equalTopLevelCrds_byteForByte() throws IOException {
        List<Path> topLevel = crdFiles(CRDS);
        assertEquals(List.of("auditchains.auditseal.io-v1.yml", "auditseals.auditseal.io-v1.yml"),
                topLevel.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(topLevel.stream().map(p -> p.getFileName().toString()).toList(),
                crdFiles(CHART.resolve("crds")).stream().map(p -> p.getFileName().toString()).toList(),
                "files in helm/auditseal/crds/");
        for (Path file : topLevel) {
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(CHART.resolve("crds").resolve(file.getFileName())),
                    "helm/auditseal/crds/" + file.getFileName() + " differs from crds/; copy it: cp crds/*.yml helm/auditseal/crds/");
        }
        // And Helm itself sees them as the chart's CRDs.
        String shown = new Helm(CHART).show().crds().call();
        for (Path file : topLevel) {
            assertTrue(shown.contains(Files.readString(file)), "helm show crds lacks " + file.getFileName());
        }
    }

    // ---- default values -----------------------------------------------------------------------------------------

    @Test
    void template_defaults_rendersTheExpectedObjects() {
        Rendered rendered = render("");
        assertEquals(List.of("Deployment auditseal", "PersistentVolumeClaim auditseal-journal", "Role auditseal-operator",
                        "RoleBinding auditseal-operator", "Secret auditseal-tls", "Service auditseal",
                        "ServiceAccount auditseal"),
                rendered.documents.stream().map(d -> d.path("kind").asText() + " " + d.at("/metadata/name").asText())
                        .sorted().toList());
        for (JsonNode document : rendered.documents) {
            assertEquals(NAMESPACE, document.at("/metadata/namespace").asText(), "namespace of " + document.at("/metadata/name"));
        }
    }

    @Test
    void template_defaults_roleEqualsManifestsRbac() throws IOException {
        Rendered rendered = render("");
        List<JsonNode> manifest = readAll(Files.readString(Path.of("manifests", "rbac.yaml")));
        JsonNode role = manifest.get(1);
        JsonNode binding = manifest.get(2);
        assertEquals("Role", role.path("kind").asText());

        JsonNode chartRole = rendered.one("Role", "auditseal-operator");
        assertEquals(role.get("rules"), chartRole.get("rules"), "the chart's Role must grant exactly manifests/rbac.yaml's rules");
        assertEquals(role.at("/metadata/name"), chartRole.at("/metadata/name"));
        assertTrue(rendered.all("ClusterRole").isEmpty() && rendered.all("ClusterRoleBinding").isEmpty(), "namespaced only");

        JsonNode chartBinding = rendered.one("RoleBinding", "auditseal-operator");
        assertEquals(binding.get("roleRef"), chartBinding.get("roleRef"));
        assertEquals(manifest.get(0).at("/metadata/name").asText(), chartBinding.at("/subjects/0/name").asText());
        assertEquals(NAMESPACE, chartBinding.at("/subjects/0/namespace").asText());
        assertEquals("auditseal", rendered.deployment().at("/spec/template/spec/serviceAccountName").asText());
        // The Lease the Role names is the one the operator uses by default (OperatorConfig.leaseName).
        assertTrue(chartRole.get("rules").toString().contains("\"resourceNames\":[\"auditseal-leader\"]"));
    }

    @Test
    void template_defaults_podIsLockedDown() {
        Rendered rendered = render("");
        JsonNode pod = rendered.deployment().at("/spec/template/spec");
        JsonNode podSecurity = pod.get("securityContext");
        assertTrue(podSecurity.get("runAsNonRoot").asBoolean());
        assertEquals(185, podSecurity.get("runAsUser").asInt());
        assertEquals(185, podSecurity.get("fsGroup").asInt());
        assertEquals("RuntimeDefault", podSecurity.at("/seccompProfile/type").asText());
        assertFalse(pod.get("enableServiceLinks").asBoolean(), "no AUDITSEAL_* service variables in the sink's config namespace");

        JsonNode container = rendered.container();
        JsonNode security = container.get("securityContext");
        assertTrue(security.get("runAsNonRoot").asBoolean());
        assertTrue(security.get("readOnlyRootFilesystem").asBoolean());
        assertFalse(security.get("allowPrivilegeEscalation").asBoolean());
        assertFalse(security.get("privileged").asBoolean());
        assertEquals(List.of("ALL"), texts(security.at("/capabilities/drop")));
        assertTrue(security.at("/capabilities/add").isMissingNode());
        assertEquals("RuntimeDefault", security.at("/seccompProfile/type").asText());

        // Writable: the journal and /tmp, nothing else.
        assertEquals(Map.of("/data", "data", "/tmp", "tmp", "/etc/auditseal/tls", "tls"), mounts(container));
        assertTrue(volume(pod, "tmp").has("emptyDir"));
        assertEquals("256Mi", volume(pod, "tmp").at("/emptyDir/sizeLimit").asText());
        assertTrue(container.at("/volumeMounts/2/readOnly").asBoolean());
        assertEquals(0440, volume(pod, "tls").at("/secret/defaultMode").asInt());
    }

    @Test
    void template_defaults_serveArgumentsAndJvmBoundedByTheMemoryLimit() {
        Rendered rendered = render("");
        JsonNode container = rendered.container();
        assertEquals("auditseal:0.1.0-SNAPSHOT", container.get("image").asText());
        assertEquals(List.of("serve", "--data", "/data", "--port", "8443", "--tls-cert", "/etc/auditseal/tls/tls.crt",
                "--tls-key", "/etc/auditseal/tls/tls.key"), texts(container.get("args")));
        assertEquals("-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError", env(container, "JAVA_OPTS"));
        assertEquals("1h", env(container, "QUARKUS_TLS_RELOAD_PERIOD"));
        assertEquals(null, env(container, "QUARKUS_OPERATOR_SDK_NAMESPACES"), "the prod profile watches its own namespace");

        JsonNode resources = container.get("resources");
        assertEquals("500m", resources.at("/requests/cpu").asText());
        assertEquals("768Mi", resources.at("/requests/memory").asText());
        assertEquals("2", resources.at("/limits/cpu").asText());
        assertEquals("1Gi", resources.at("/limits/memory").asText());
        // 40% of the limit is the heap; with the ~300 MiB measured outside the heap (docs/BENCHMARKS.md) it stays
        // below the limit, and below the request.
        double heapMiB = 0.40 * 1024;
        assertTrue(heapMiB + 300 < 768, "heap " + heapMiB + " MiB + 300 MiB off-heap exceeds the 768Mi request");
    }

    @Test
    void template_defaults_probesUseTheHealthEndpointsOverHttps() {
        JsonNode container = render("").container();
        assertEquals(8443, container.at("/ports/0/containerPort").asInt());
        assertEquals("https", container.at("/ports/0/name").asText());
        Map<String, String> paths = Map.of("readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live",
                "startupProbe", "/q/health/live");
        paths.forEach((probe, path) -> {
            JsonNode get = container.at("/" + probe + "/httpGet");
            assertEquals(path, get.get("path").asText(), probe);
            assertEquals("HTTPS", get.get("scheme").asText(), probe);
            assertEquals("https", get.get("port").asText(), probe);
        });
    }

    @Test
    void template_defaults_journalOnReadWriteOnceVolume_recreateStrategy() {
        Rendered rendered = render("");
        JsonNode deployment = rendered.deployment();
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText());
        JsonNode pvc = rendered.one("PersistentVolumeClaim", "auditseal-journal");
        assertEquals(List.of("ReadWriteOnce"), texts(pvc.at("/spec/accessModes")));
        assertEquals("8Gi", pvc.at("/spec/resources/requests/storage").asText());
        assertTrue(pvc.at("/spec/storageClassName").isMissingNode(), "null storageClass: the cluster default");
        assertEquals("keep", pvc.at("/metadata/annotations/helm.sh~1resource-policy").asText());
        assertEquals("auditseal-journal",
                volume(deployment.at("/spec/template/spec"), "data").at("/persistentVolumeClaim/claimName").asText());
    }

    @Test
    void template_defaults_service443ForwardsToTheHttpsContainerPort() {
        Rendered rendered = render("");
        JsonNode service = rendered.one("Service", "auditseal");
        assertEquals("ClusterIP", service.at("/spec/type").asText());
        assertEquals(443, service.at("/spec/ports/0/port").asInt());
        assertEquals("https", service.at("/spec/ports/0/targetPort").asText());
        assertEquals(rendered.deployment().at("/spec/selector/matchLabels"), service.at("/spec/selector"));
    }

    @Test
    void template_defaults_selfSignedCertificateNamesTheServiceAndChainsToTheCa() throws Exception {
        Rendered rendered = render("");
        JsonNode secret = rendered.one("Secret", "auditseal-tls");
        assertEquals("kubernetes.io/tls", secret.get("type").asText());
        X509Certificate ca = certificate(secret.at("/data/ca.crt").asText());
        X509Certificate server = certificate(secret.at("/data/tls.crt").asText());
        server.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertEquals(ca.getSubjectX500Principal(), server.getIssuerX500Principal());
        assertTrue(ca.getBasicConstraints() >= 0, "ca.crt is a CA");
        assertEquals(-1, server.getBasicConstraints(), "tls.crt is not a CA");
        assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertEquals(List.of("auditseal", "auditseal.auditseal", "auditseal.auditseal.svc",
                "auditseal.auditseal.svc.cluster.local"), dnsNames(server));
        long days = (server.getNotAfter().getTime() - server.getNotBefore().getTime()) / 86_400_000L;
        assertEquals(1825, days);

        // tls.key is the key of tls.crt (PKCS#1 RSA, which the sink's PEM loader reads).
        String keyPem = new String(Base64.getDecoder().decode(secret.at("/data/tls.key").asText()), StandardCharsets.US_ASCII);
        assertTrue(keyPem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), keyPem.lines().findFirst().orElse(""));
        RSAPrivateKey key = RSAPrivateKey.getInstance(pemBody(keyPem));
        assertEquals(((RSAPublicKey) server.getPublicKey()).getModulus(), key.getModulus());
    }

    @Test
    void template_selfSignedSecret_keptOnUninstall_unlessTurnedOff() {
        // kube-apiserver trusts its CA: a reinstall (which looks the kept Secret up) must serve the same one.
        assertEquals("keep", render("").one("Secret", "auditseal-tls")
                .at("/metadata/annotations/helm.sh~1resource-policy").asText());
        assertTrue(render("tls: {selfSigned: {keepOnUninstall: false}}").one("Secret", "auditseal-tls")
                .at("/metadata/annotations/helm.sh~1resource-policy").isMissingNode());
    }

    // ---- TLS modes ----------------------------------------------------------------------------------------------

    @Test
    void template_certManager_rendersACertificateForTheMountedSecret() {
        Rendered rendered = render("""
                tls:
                  mode: certManager
                  certManager:
                    issuerRef: {name: cluster-ca, kind: ClusterIssuer}
                  extraDnsNames: [auditseal.example.org]
                  extraIpAddresses: [192.0.2.10]
                """);
        assertTrue(rendered.all("Secret").isEmpty(), "cert-manager writes the Secret");
        JsonNode certificate = rendered.one("Certificate", "auditseal");
        assertEquals("cert-manager.io/v1", certificate.get("apiVersion").asText());
        assertEquals("auditseal-tls", certificate.at("/spec/secretName").asText());
        assertEquals("cluster-ca", certificate.at("/spec/issuerRef/name").asText());
        assertEquals("ClusterIssuer", certificate.at("/spec/issuerRef/kind").asText());
        assertEquals("cert-manager.io", certificate.at("/spec/issuerRef/group").asText());
        assertEquals(List.of("auditseal", "auditseal.auditseal", "auditseal.auditseal.svc",
                "auditseal.auditseal.svc.cluster.local", "auditseal.example.org"), texts(certificate.at("/spec/dnsNames")));
        assertEquals(List.of("192.0.2.10"), texts(certificate.at("/spec/ipAddresses")));
        assertEquals("ECDSA", certificate.at("/spec/privateKey/algorithm").asText());
        assertEquals("Always", certificate.at("/spec/privateKey/rotationPolicy").asText());
        assertEquals("auditseal-tls", volume(rendered.deployment().at("/spec/template/spec"), "tls").at("/secret/secretName").asText());
    }

    @Test
    void template_certManagerWithoutIssuer_fails() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> render("tls: {mode: certManager}"));
        assertTrue(failure.getMessage().contains("issuerRef"), failure.getMessage());
    }

    @Test
    void template_existingSecret_mountsItAndGeneratesNothing() {
        Rendered rendered = render("tls: {mode: existingSecret, existingSecret: my-webhook-tls}");
        assertTrue(rendered.all("Secret").isEmpty());
        assertTrue(rendered.all("Certificate").isEmpty());
        assertEquals("my-webhook-tls", volume(rendered.deployment().at("/spec/template/spec"), "tls").at("/secret/secretName").asText());
    }

    @Test
    void template_existingSecretWithoutName_fails() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> render("tls: {mode: existingSecret}"));
        assertTrue(failure.getMessage().contains("existingSecret"), failure.getMessage());
    }

    @Test
    void template_unknownTlsMode_isRejectedBySchema() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> render("tls: {mode: plainHttp}"));
        assertTrue(failure.getMessage().contains("tls.mode"), failure.getMessage());
        failure = assertThrows(IllegalStateException.class, () -> render("tls: {mode: selfSigned, bogus: 1}"));
        assertTrue(failure.getMessage().contains("Additional property bogus is not allowed"), failure.getMessage());
        failure = assertThrows(IllegalStateException.class, () -> render("replicaCount: one"));
        assertTrue(failure.getMessage().contains("replicaCount: Invalid type"), failure.getMessage());
    }

    // ---- PKCS#11 ------------------------------------------------------------------------------------------------

    /** The SoftHSM values of docs/HELM.md, as a reader copies them. */
    private static String helmDocPkcs11Values() throws IOException {
        String doc = Files.readString(Path.of("docs", "HELM.md"));
        int start = doc.indexOf("# values-softhsm.yaml");
        assertTrue(start >= 0, "docs/HELM.md lost its SoftHSM values example");
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void template_pkcs11ExampleOfTheDocs_allowsTheLibrary_andMountsItsConfigurationAndTokens() throws IOException {
        Rendered rendered = render(helmDocPkcs11Values());
        JsonNode container = rendered.container();
        assertEquals("/usr/lib/softhsm/libsofthsm2.so", env(container, "AUDITSEAL_PKCS11_LIBRARIES"));
        assertEquals("/etc/auditseal/softhsm/softhsm2.conf", env(container, "SOFTHSM2_CONF"));
        assertEquals(Map.of("/data", "data", "/tmp", "tmp", "/etc/auditseal/tls", "tls",
                "/etc/auditseal/softhsm", "softhsm-conf", "/var/lib/softhsm/tokens", "softhsm-tokens"), mounts(container));
        JsonNode pod = rendered.deployment().at("/spec/template/spec");
        assertEquals("auditseal-softhsm", volume(pod, "softhsm-conf").at("/configMap/name").asText());
        assertEquals("auditseal-softhsm-tokens", volume(pod, "softhsm-tokens").at("/persistentVolumeClaim/claimName").asText());
        // The wrapper unpacks its JNI library into java.io.tmpdir (/tmp): writable beside a read-only root.
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertTrue(volume(pod, "tmp").has("emptyDir"));
        assertEquals("com.example/auditseal-softhsm", container.get("image").asText().replaceAll(":.*", ""));
    }

    @Test
    void template_pkcs11Libraries_severalJoined_relativeRejectedBySchema() {
        JsonNode container = render("pkcs11: {libraries: [/opt/hsm/lib/a.so, /usr/lib/b.so]}").container();
        assertEquals("/opt/hsm/lib/a.so,/usr/lib/b.so", env(container, "AUDITSEAL_PKCS11_LIBRARIES"));
        assertEquals(null, env(render("").container(), "AUDITSEAL_PKCS11_LIBRARIES"), "none by default");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> render("pkcs11: {libraries: [lib/a.so]}"));
        assertTrue(failure.getMessage().contains("pkcs11.libraries"), failure.getMessage());
        failure = assertThrows(IllegalStateException.class, () -> render("extraVolumeMounts: [{name: x}]"));
        assertTrue(failure.getMessage().contains("mountPath"), failure.getMessage());
    }

    @Test
    void template_clientCa_mountedAndPassedToServe() {
        JsonNode container = render("tls: {clientCA: {secretName: apiserver-client-ca, key: bundle.pem}}").container();
        List<String> args = texts(container.get("args"));
        assertEquals("/etc/auditseal/client-ca/bundle.pem", args.get(args.indexOf("--client-ca") + 1));
        assertEquals("client-ca", mounts(container).get("/etc/auditseal/client-ca"));
    }

    // ---- other non-default values -------------------------------------------------------------------------------

    @Test
    void template_watchNamespaces_roleInEachWatchedNamespace_leaseRoleInTheReleaseNamespace() throws IOException {
        Rendered rendered = render("watchNamespaces: [team-a, team-b]");
        JsonNode rbacRules = readAll(Files.readString(Path.of("manifests", "rbac.yaml"))).get(1).get("rules");
        List<JsonNode> operatorRules = new ArrayList<>();
        List<JsonNode> leaseRules = new ArrayList<>();
        rbacRules.forEach(rule -> (texts(rule.get("resources")).contains("leases") ? leaseRules : operatorRules).add(rule));

        List<JsonNode> roles = rendered.all("Role");
        assertEquals(List.of("team-a/auditseal-operator", "team-b/auditseal-operator", "auditseal/auditseal-leader-election"),
                roles.stream().map(r -> r.at("/metadata/namespace").asText() + "/" + r.at("/metadata/name").asText()).toList());
        assertEquals(YAML.valueToTree(operatorRules), roles.get(0).get("rules"));
        assertEquals(YAML.valueToTree(operatorRules), roles.get(1).get("rules"));
        assertEquals(YAML.valueToTree(leaseRules), roles.get(2).get("rules"));
        for (JsonNode binding : rendered.all("RoleBinding")) {
            assertEquals("auditseal", binding.at("/subjects/0/name").asText());
            assertEquals(NAMESPACE, binding.at("/subjects/0/namespace").asText(), "the ServiceAccount's namespace");
        }
        assertEquals(3, rendered.all("RoleBinding").size());
        assertEquals("team-a,team-b", env(rendered.container(), "QUARKUS_OPERATOR_SDK_NAMESPACES"));
    }

    @Test
    void template_watchNamespacesWithTheReleaseNamespace_fullRoleThere() throws IOException {
        Rendered rendered = render("watchNamespaces: [auditseal, team-a]");
        JsonNode rbacRules = readAll(Files.readString(Path.of("manifests", "rbac.yaml"))).get(1).get("rules");
        assertEquals(List.of("auditseal/auditseal-operator", "team-a/auditseal-operator"), rendered.all("Role").stream()
                .map(r -> r.at("/metadata/namespace").asText() + "/" + r.at("/metadata/name").asText()).toList());
        assertEquals(rbacRules, rendered.all("Role").get(0).get("rules"));
        assertEquals("auditseal,team-a", env(rendered.container(), "QUARKUS_OPERATOR_SDK_NAMESPACES"));
    }

    @Test
    void template_serviceMonitorOn_scrapesMetricsOverHttpsWithTheWebhookCa() {
        Rendered rendered = render("serviceMonitor: {enabled: true, labels: {release: prometheus}}");
        JsonNode monitor = rendered.one("ServiceMonitor", "auditseal");
        assertEquals("prometheus", monitor.at("/metadata/labels/release").asText());
        assertEquals(rendered.one("Service", "auditseal").at("/spec/selector"), monitor.at("/spec/selector/matchLabels"));
        JsonNode endpoint = monitor.at("/spec/endpoints/0");
        assertEquals("https", endpoint.get("port").asText());
        assertEquals("https", endpoint.get("scheme").asText());
        assertEquals("/q/metrics", endpoint.get("path").asText());
        assertEquals("auditseal.auditseal.svc", endpoint.at("/tlsConfig/serverName").asText());
        assertEquals("auditseal-tls", endpoint.at("/tlsConfig/ca/secret/name").asText());
        assertEquals("ca.crt", endpoint.at("/tlsConfig/ca/secret/key").asText());
        assertTrue(render("").all("ServiceMonitor").isEmpty(), "off by default");
    }

    @Test
    void template_customResources_passedThroughAndTheHeapFollows() {
        JsonNode container = render("""
                resources:
                  requests: {cpu: "1", memory: 1536Mi}
                  limits: {cpu: "4", memory: 2Gi}
                jvm: {maxRAMPercentage: 55, extraOpts: "-Xss512k"}
                """).container();
        assertEquals("1", container.at("/resources/requests/cpu").asText());
        assertEquals("1536Mi", container.at("/resources/requests/memory").asText());
        assertEquals("4", container.at("/resources/limits/cpu").asText());
        assertEquals("2Gi", container.at("/resources/limits/memory").asText());
        assertEquals("-XX:MaxRAMPercentage=55 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xss512k", env(container, "JAVA_OPTS"));
        // A memory limit is required: the heap is sized from it.
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> render("resources: {limits: {memory: null}}"));
        assertTrue(failure.getMessage().contains("resources.limits: memory is required"), failure.getMessage());
    }

    @Test
    void template_persistenceSettings_reachThePvc_andRecreateWhateverTheAccessMode() {
        Rendered rendered = render("persistence: {accessMode: ReadWriteMany, size: 20Gi, storageClass: fast, keepOnUninstall: false}");
        JsonNode pvc = rendered.one("PersistentVolumeClaim", "auditseal-journal");
        assertEquals(List.of("ReadWriteMany"), texts(pvc.at("/spec/accessModes")));
        assertEquals("20Gi", pvc.at("/spec/resources/requests/storage").asText());
        assertEquals("fast", pvc.at("/spec/storageClassName").asText());
        assertTrue(pvc.at("/metadata/annotations").isMissingNode());
        // RocksDB locks the journal directory: the old pod must be gone even when the volume could attach twice.
        assertEquals("Recreate", rendered.deployment().at("/spec/strategy/type").asText());

        JsonNode existing = render("persistence: {existingClaim: my-journal}").deployment();
        assertEquals("my-journal", volume(existing.at("/spec/template/spec"), "data").at("/persistentVolumeClaim/claimName").asText());
    }

    @Test
    void template_persistenceOff_emptyDirAndRollingUpdate() {
        Rendered rendered = render("persistence: {enabled: false}\nreplicaCount: 2");
        assertTrue(rendered.all("PersistentVolumeClaim").isEmpty());
        assertEquals("RollingUpdate", rendered.deployment().at("/spec/strategy/type").asText());
        assertEquals(2, rendered.deployment().at("/spec/replicas").asInt());
        assertTrue(volume(rendered.deployment().at("/spec/template/spec"), "data").has("emptyDir"));
    }

    @Test
    void template_twoReplicasSharingOneJournalVolume_fails() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> render("replicaCount: 2"));
        assertTrue(failure.getMessage().contains("one journal volume per replica"), failure.getMessage());
    }

    // ---- NOTES.txt ----------------------------------------------------------------------------------------------

    @Test
    void notes_defaults_printTheWebhookUrlAndAValidExampleChain() throws IOException {
        String notes = notes("");
        assertTrue(notes.contains("https://auditseal.auditseal.svc/v1/audit/<namespace>/<chain>"), notes);
        assertTrue(notes.contains("https://auditseal.auditseal.svc/v1/admission/<namespace>/<chain>"), notes);
        assertTrue(notes.contains("--audit-webhook-config-file") && notes.contains("--audit-webhook-mode=batch"), notes);
        assertTrue(notes.contains("kubectl -n auditseal get auditseals"), notes);
        assertTrue(notes.contains("get secret auditseal-tls -o jsonpath='{.data.ca\\.crt}'"), notes);

        // The example AuditChain has every field its CRD requires.
        int start = notes.indexOf("<<'YAML'\n") + "<<'YAML'\n".length();
        String example = notes.substring(start, notes.indexOf("\n     YAML\n", start)).stripIndent();
        JsonNode chain = YAML.readTree(example);
        assertEquals("AuditChain", chain.get("kind").asText());
        JsonNode schema = readAll(Files.readString(CRDS.resolve("auditchains.auditseal.io-v1.yml"))).get(0)
                .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        assertEquals(List.of(), missingRequired(schema, chain.get("spec"), "spec"));
    }

    @Test
    void notes_otherServicePort_isInTheUrl() {
        String notes = notes("service: {port: 8443}");
        assertTrue(notes.contains("https://auditseal.auditseal.svc:8443/v1/audit/<namespace>/<chain>"), notes);
    }

    // ---- manifests/ ---------------------------------------------------------------------------------------------

    @Test
    void installYaml_isTheChartRenderedInExistingSecretMode() throws IOException {
        String expected = installYaml();
        if (Boolean.getBoolean(UPDATE_INSTALL_YAML)) {
            Files.writeString(INSTALL_YAML, expected);
        }
        assertTrue(Files.exists(INSTALL_YAML), "manifests/install.yaml is missing; run with -D" + UPDATE_INSTALL_YAML + "=true");
        assertEquals(expected, Files.readString(INSTALL_YAML),
                "manifests/install.yaml is stale; regenerate: ./mvnw -B -o test -Dtest=HelmChartTest -D" + UPDATE_INSTALL_YAML + "=true");

        List<JsonNode> documents = readAll(expected);
        assertEquals(List.of("CustomResourceDefinition", "CustomResourceDefinition"),
                documents.stream().limit(2).map(d -> d.get("kind").asText()).toList(), "CRDs first");
        assertTrue(documents.stream().noneMatch(d -> d.get("kind").asText().equals("Secret")), "the TLS Secret is the user's");
    }

    @Test
    void webhookManifests_pointAtTheChartsService() throws IOException {
        Rendered rendered = render(INSTALL_YAML_VALUES);
        JsonNode service = rendered.one("Service", "auditseal");
        int port = service.at("/spec/ports/0/port").asInt();

        JsonNode kubeconfig = YAML.readTree(Path.of("manifests", "audit-webhook-kubeconfig.yaml").toFile());
        URI server = URI.create(kubeconfig.at("/clusters/0/cluster/server").asText());
        assertEquals("auditseal.auditseal.svc", server.getHost());
        assertEquals(port, server.getPort() == -1 ? 443 : server.getPort(), "kubeconfig port vs the Service's");

        JsonNode webhook = YAML.readTree(Path.of("manifests", "validating-webhook.yaml").toFile()).at("/webhooks/0/clientConfig/service");
        assertEquals(service.at("/metadata/name").asText(), webhook.get("name").asText());
        assertEquals(service.at("/metadata/namespace").asText(), webhook.get("namespace").asText());
        assertEquals(port, webhook.path("port").asInt(443));
    }

    /** manifests/install.yaml: a header, the CRDs, and the chart rendered with {@link #INSTALL_YAML_VALUES}. */
    private String installYaml() throws IOException {
        StringBuilder out = new StringBuilder("""
                # AuditSeal without Helm: the chart helm/auditseal rendered with release name auditseal in namespace
                # auditseal, default values except TLS, preceded by the CRDs (identical to crds/). Generated by
                # HelmChartTest; do not edit. Regenerate: ./mvnw -B -o test -Dtest=HelmChartTest -DupdateInstallYaml=true
                #
                # TLS mode existingSecret with Secret auditseal-tls: the chart's other modes generate a certificate at
                # install time (selfSigned) or need cert-manager, and this file must render the same every time.
                # Create the namespace and the Secret first (tls.crt, tls.key, and ca.crt for kube-apiserver's kubeconfig),
                # with the Service's names in the certificate, e.g. with openssl:
                #   kubectl create namespace auditseal
                #   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -subj /CN=auditseal-ca \\
                #     -keyout ca.key -out ca.crt
                #   openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=auditseal.auditseal.svc \\
                #     -keyout tls.key -out tls.csr
                #   openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out tls.crt -extfile <(printf \\
                #     'subjectAltName=DNS:auditseal.auditseal.svc,DNS:auditseal.auditseal.svc.cluster.local\\nextendedKeyUsage=serverAuth')
                #   kubectl -n auditseal create secret generic auditseal-tls --type=kubernetes.io/tls \\
                #     --from-file=tls.crt --from-file=tls.key --from-file=ca.crt
                #   kubectl apply --server-side -f manifests/install.yaml
                # The image auditseal:0.1.0-SNAPSHOT is built from src/main/docker/Dockerfile.jvm (docs/HELM.md).
                """);
        for (Path crd : crdFiles(CRDS)) {
            out.append("---\n# Source: crds/").append(crd.getFileName()).append('\n').append(Files.readString(crd));
        }
        out.append(renderText(INSTALL_YAML_VALUES).strip()).append('\n');
        return out.toString();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The chart rendered by helm template with these values (YAML) over values.yaml. */
    private Rendered render(String values) {
        try {
            return new Rendered(readAll(renderText(values)));
        } catch (IOException e) {
            throw new IllegalStateException("rendered YAML does not parse", e);
        }
    }

    private String renderText(String values) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (!values.isBlank()) {
            template = template.withValuesFile(valuesFile(values));
        }
        return template.call();
    }

    /** NOTES.txt as helm install prints it (client-side dry run: no cluster). */
    private String notes(String values) {
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withDryRunOption(DryRun.CLIENT).clientOnly();
        if (!values.isBlank()) {
            install = install.withValuesFile(valuesFile(values));
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:\n");
        assertTrue(notes >= 0, output);
        return output.substring(notes);
    }

    private Path valuesFile(String values) {
        try {
            Path file = Files.createTempFile(tmp, "values", ".yaml");
            Files.writeString(file, values);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> readAll(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            Iterator<JsonNode> values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static List<Path> crdFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".auditseal.io-v1.yml")).sorted().toList();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.get("name").asText().equals(name)) {
                return variable.get("value").asText();
            }
        }
        return null;
    }

    private static Map<String, String> mounts(JsonNode container) {
        Map<String, String> mounts = new java.util.TreeMap<>();
        container.get("volumeMounts").forEach(m -> mounts.put(m.get("mountPath").asText(), m.get("name").asText()));
        return mounts;
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode volume : podSpec.get("volumes")) {
            if (volume.get("name").asText().equals(name)) {
                return volume;
            }
        }
        fail("no volume " + name + " in " + podSpec.get("volumes"));
        return null;
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        byte[] pem = Base64.getDecoder().decode(base64Pem);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            if ((Integer) name.get(0) == 2) {
                names.add((String) name.get(1));
            }
        }
        return names;
    }

    private static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /** Paths of the properties {@code schema} requires that {@code value} lacks, recursively through objects. */
    private static List<String> missingRequired(JsonNode schema, JsonNode value, String path) {
        List<String> missing = new ArrayList<>();
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                missing.add(path + "." + required.asText());
            }
        }
        schema.path("properties").properties().forEach(property -> {
            JsonNode child = value.get(property.getKey());
            if (child != null && child.isObject()) {
                missing.addAll(missingRequired(property.getValue(), child, path + "." + property.getKey()));
            }
        });
        return missing;
    }

    /** The documents of one rendering, with lookups by kind and name. */
    private record Rendered(List<JsonNode> documents) {

        List<JsonNode> all(String kind) {
            return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        JsonNode one(String kind, String name) {
            List<JsonNode> matches = all(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name)).toList();
            assertEquals(1, matches.size(), kind + " " + name + " rendered " + matches.size() + " times");
            return matches.get(0);
        }

        JsonNode deployment() {
            return one("Deployment", "auditseal");
        }

        JsonNode container() {
            JsonNode containers = deployment().at("/spec/template/spec/containers");
            assertEquals(1, containers.size());
            return containers.get(0);
        }
    }
}
