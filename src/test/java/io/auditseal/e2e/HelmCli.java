package io.auditseal.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code helm install} for the README's quick start when HelmLocalClusterE2EIT runs it: Debian ships no helm
 * binary, so the test puts a {@code helm} on PATH that runs this with helm-java, the real Helm engine. It knows
 * exactly the flags the quick start uses and refuses any other, so the README cannot drift into a command that
 * was never run. The cluster is the one {@code $KUBECONFIG} names.
 */
public final class HelmCli {

    private HelmCli() {
    }

    public static void main(String[] args) {
        try {
            Release release = install(List.of(args));
            System.out.printf("NAME: %s%nNAMESPACE: %s%nSTATUS: %s%nREVISION: %s%n", release.getName(),
                    release.getNamespace(), release.getStatus(), release.getRevision());
        } catch (IllegalArgumentException e) {
            System.err.println("helm (HelmCli): " + e.getMessage());
            System.exit(2);
        }
    }

    /** {@code install NAME CHART [-n NS] [--create-namespace] [-f VALUES]... [--set KEY=VALUE]...} */
    static Release install(List<String> args) {
        if (args.size() < 3 || !args.get(0).equals("install")) {
            throw new IllegalArgumentException("only 'install NAME CHART [flags]' is known, not " + args);
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null) {
            throw new IllegalArgumentException("KUBECONFIG is not set");
        }
        InstallCommand install = new Helm(Path.of(args.get(2))).install().withName(args.get(1))
                .withKubeConfig(Path.of(kubeconfig));
        List<String> flags = new ArrayList<>(args.subList(3, args.size()));
        while (!flags.isEmpty()) {
            String flag = flags.remove(0);
            switch (flag) {
                case "-n", "--namespace" -> install = install.withNamespace(value(flag, flags));
                case "--create-namespace" -> install = install.createNamespace();
                case "-f", "--values" -> install = install.withValuesFile(Path.of(value(flag, flags)));
                case "--set" -> {
                    String set = value(flag, flags);
                    int eq = set.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set takes KEY=VALUE, not " + set);
                    }
                    install = install.set(set.substring(0, eq), set.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag
                        + " (known: -n, --namespace, --create-namespace, -f, --values, --set)");
            }
        }
        return install.call();
    }

    private static String value(String flag, List<String> flags) {
        if (flags.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return flags.remove(0);
    }
}
