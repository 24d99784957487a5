package io.auditseal.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@code kubectl auditseal} plugin ({@code kubectl-auditseal} runs {@code auditseal kubectl ...}): commands that
 * read an AuditChain from the current kubectl context. {@code verify} runs the offline verifier on the chain's
 * bucket; it trusts the cluster for where the seals are, never for the verifier key unless told to.
 */
@Command(name = "kubectl", mixinStandardHelpOptions = true,
        description = "Commands of the kubectl auditseal plugin (kubectl-auditseal).",
        subcommands = {KubectlCommand.Verify.class, KubectlCommand.Status.class})
public final class KubectlCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which AuditChain a plugin command is about: {@code CHAIN [-n NAMESPACE]}, as kubectl names resources. */
    static final class ChainReference {

        @Parameters(index = "0", paramLabel = "CHAIN", description = "Name of the AuditChain.")
        String chain;

        @Option(names = {"-n", "--namespace"}, description = "Namespace of the AuditChain (default: the context's).")
        String namespace;
    }

    /** {@code kubectl auditseal verify CHAIN}: the offline verifier, on the storage the AuditChain names. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a chain's seals in its bucket, with a verifier key you keep outside the cluster.")
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ChainReference target;

        @CommandLine.ArgGroup(exclusive = true)
        VerifierKeyOptions key;

        @Option(names = "--trust-cluster-key",
                description = "Take the verifier key from the AuditChain's status: trusts the cluster's administrators.")
        boolean trustClusterKey;

        @Option(names = "--output", defaultValue = "text", description = "text (default) or json.")
        String output;

        @Option(names = "--trusted-checkpoint", paramLabel = "FILE", description = "A checkpoint kept earlier.")
        Path trustedCheckpoint;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<String> args = new ArrayList<>(List.of("verify"));
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                ClusterChain found = ClusterChain.load(client, target.namespace, target.chain);
                args.addAll(List.of("--chain", found.namespace + "/" + found.name));
                if (found.string("spec", "storage", "s3", "bucket").isEmpty()) {
                    err.println("kubectl auditseal: AuditChain " + found.namespace + "/" + found.name + " stores its seals "
                            + "in a directory inside the sink; verify there with auditseal verify --store-dir");
                    return 2;
                }
                args.addAll(List.of("--s3-endpoint", found.string("spec", "storage", "s3", "endpoint").orElseThrow(),
                        "--bucket", found.string("spec", "storage", "s3", "bucket").orElseThrow(),
                        "--region", found.string("spec", "storage", "s3", "region").orElse("us-east-1"),
                        "--prefix", found.string("spec", "storage", "s3", "prefix").orElse("")));
                if (found.string("spec", "storage", "s3", "pathStyle").map(Boolean::parseBoolean).orElse(false)) {
                    args.add("--path-style");
                }
                credentials(client, found, err).ifPresent(args::addAll);
                args.addAll(List.of("--require-mode", found.string("spec", "retention", "mode").orElse("COMPLIANCE")));
                found.string("spec", "retention", "days").ifPresent(days -> args.addAll(List.of("--min-retention-days", days)));
                if (key != null) {
                    args.addAll(key.asArguments());
                } else if (trustClusterKey) {
                    String clusterKey = found.string("status", "publicKey").orElseThrow(() ->
                            new IllegalArgumentException("the AuditChain has no status.publicKey yet"));
                    err.println("WARNING: --trust-cluster-key: the verifier key comes from the cluster, so this run "
                            + "cannot detect forgery by anyone who can edit the AuditChain or its signing key Secret. "
                            + "Keep the key outside the cluster and pass --vkey-file.");
                    args.addAll(List.of("--vkey", clusterKey));
                } else {
                    err.println("kubectl auditseal: give the verifier key you kept (--vkey-file or --vkey); "
                            + "--trust-cluster-key takes it from the cluster instead");
                    return 2;
                }
            } catch (KubernetesClientException | IllegalArgumentException | java.util.NoSuchElementException e) {
                err.println("kubectl auditseal: " + e.getMessage());
                return 2;
            }
            args.addAll(List.of("--output", output));
            if (trustedCheckpoint != null) {
                args.addAll(List.of("--trusted-checkpoint", trustedCheckpoint.toString()));
            }
            CommandLine verify = AuditSealCommand.commandLine();
            verify.setOut(spec.commandLine().getOut()).setErr(err);
            return verify.execute(args.toArray(String[]::new));
        }

        /** From the environment, or else from the Secret the chain references when the user may read it. */
        private static Optional<List<String>> credentials(KubernetesClient client, ClusterChain chain, PrintWriter err) {
            if (System.getenv("AWS_ACCESS_KEY_ID") != null && System.getenv("AWS_SECRET_ACCESS_KEY") != null) {
                return Optional.empty(); // verify reads them from the environment
            }
            String secret = chain.string("spec", "storage", "s3", "credentialsSecretRef", "name").orElse(null);
            if (secret == null) {
                return Optional.empty();
            }
            String idKey = chain.string("spec", "storage", "s3", "credentialsSecretRef", "accessKeyIdKey").orElse("AWS_ACCESS_KEY_ID");
            String secretKey = chain.string("spec", "storage", "s3", "credentialsSecretRef", "secretAccessKeyKey")
                    .orElse("AWS_SECRET_ACCESS_KEY");
            Optional<String> id = chain.secretValue(client, secret, idKey);
            Optional<String> key = chain.secretValue(client, secret, secretKey);
            if (id.isEmpty() || key.isEmpty()) {
                err.println("kubectl auditseal: no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                        + "(Secret " + chain.namespace + "/" + secret + " is not readable with this context)");
                return Optional.empty();
            }
            err.println("kubectl auditseal: S3 credentials from Secret " + chain.namespace + "/" + secret);
            return Optional.of(List.of("--access-key", id.get(), "--secret-key", key.get()));
        }
    }

    /** {@code kubectl auditseal status CHAIN}: the chain's head and conditions, and its seals' verification state. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a chain's head and the verification state of its AuditSeal records.")
    static final class Status implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ChainReference target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                ClusterChain found = ClusterChain.load(client, target.namespace, target.chain);
                out.printf("AuditChain %s/%s (cluster %s)%n", found.namespace, found.name,
                        found.string("spec", "clusterName").orElse("?"));
                out.printf("  tree size %s, seals %s, journal backlog %s%n", found.string("status", "treeSize").orElse("-"),
                        found.string("status", "sealCount").orElse("-"), found.string("status", "journalBacklog").orElse("-"));
                found.string("status", "lastSeal", "name").ifPresent(last -> out.printf("  last seal %s, root %s%n", last,
                        found.string("status", "lastSeal", "rootHash").orElse("?")));
                for (Map<String, Object> condition : found.conditions()) {
                    out.printf("  %-13s %-7s %s: %s%n", condition.get("type"), condition.get("status"),
                            condition.get("reason"), condition.get("message"));
                }
                List<GenericKubernetesResource> seals = client.genericKubernetesResources(ClusterChain.AUDIT_SEALS)
                        .inNamespace(found.namespace).withLabel("auditseal.io/chain", found.name).list().getItems();
                // A directory store cannot lock: its seals are NotLocked by nature (StorageReady says so).
                boolean storeLocks = found.string("spec", "storage", "directory", "path").isEmpty();
                List<GenericKubernetesResource> failing = seals.stream()
                        .filter(s -> !failingConditions(s, storeLocks).isEmpty())
                        .sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
                long verified = seals.stream().filter(s -> Boolean.TRUE.equals(status(s).get("verified"))
                        && failingConditions(s, storeLocks).isEmpty()).count();
                long failed = failing.size();
                out.printf("  AuditSeal records: %d, verified %d, failed %d, pending %d%n", seals.size(), verified, failed,
                        seals.size() - verified - failed);
                failing.forEach(s -> out.printf("    FAILED %s: %s%n", s.getMetadata().getName(),
                        String.join(", ", failingConditions(s, storeLocks))));
                return failed == 0 ? 0 : 1;
            } catch (KubernetesClientException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("kubectl auditseal: " + e.getMessage());
                return 2;
            }
        }

        /** The seal's False conditions (Verified, Locked, ChainLinked), NotLocked excepted where nothing can lock. */
        @SuppressWarnings("unchecked")
        private static List<String> failingConditions(GenericKubernetesResource seal, boolean storeLocks) {
            List<String> failing = new java.util.ArrayList<>();
            if (Boolean.FALSE.equals(status(seal).get("verified"))) {
                failing.add("Verified");
            }
            if (status(seal).get("conditions") instanceof List<?> conditions) {
                for (Object item : conditions) {
                    if (item instanceof Map<?, ?> c && "False".equals(c.get("status")) && !failing.contains(c.get("type"))
                            && (storeLocks || !("Locked".equals(c.get("type")) && "NotLocked".equals(c.get("reason"))))) {
                        failing.add(String.valueOf(c.get("type")));
                    }
                }
            }
            return failing;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> status(GenericKubernetesResource seal) {
            Object status = seal.getAdditionalProperties().get("status");
            return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }
    }
}
