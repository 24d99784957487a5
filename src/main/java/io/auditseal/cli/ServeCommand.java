package io.auditseal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code auditseal serve}: the long-running sink. {@code Main} does not run it as a picocli command: it turns the
 * options into configuration and hands over to Quarkus, so that offline commands never boot the server.
 */
@Command(name = ServeCommand.NAME, mixinStandardHelpOptions = true,
        description = {"Run the audit sink (the default command).",
                "HTTPS by default: give --tls-cert and --tls-key, or --insecure-http for local development."})
public final class ServeCommand implements Runnable {

    public static final String NAME = "serve";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--standalone", description = "Run without a Kubernetes API; chains come from --config.")
    boolean standalone;

    @Option(names = "--config", paramLabel = "DIR", description = "Directory of AuditChain and Secret YAML files (standalone mode).")
    Path configDir;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Directory for the journal and local state (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", description = "Listening port (default 8443 with TLS, 8080 with --insecure-http).")
    Integer port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Listening address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM server certificate (chain).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of the server certificate.")
    Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "PEM CA bundle for client certificates; enables client-certificate authentication.")
    Path clientCa;

    @Option(names = "--insecure-http", description = "Serve plain HTTP. For local development only.")
    boolean insecureHttp;

    /**
     * The configuration these options stand for, as Quarkus property names.
     *
     * @throws CommandLine.ParameterException when the options do not make a usable server
     */
    public Map<String, String> configuration() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("auditseal.standalone", String.valueOf(standalone));
        properties.put("auditseal.data-dir", dataDir.toString());
        if (standalone) {
            if (configDir == null) {
                throw usage("--standalone needs --config DIR");
            }
            requireReadable(configDir, "--config");
            properties.put("auditseal.config-dir", configDir.toString());
        }
        properties.put("quarkus.http.host", bind);
        if (insecureHttp) {
            if (tlsCert != null || tlsKey != null || clientCa != null) {
                throw usage("--insecure-http cannot be combined with --tls-cert, --tls-key or --client-ca");
            }
            properties.put("quarkus.http.port", String.valueOf(port == null ? 8080 : port));
            return properties;
        }
        if (tlsCert == null || tlsKey == null) {
            throw usage("serve uses HTTPS: give --tls-cert FILE and --tls-key FILE (or --insecure-http for local development)");
        }
        requireReadable(tlsCert, "--tls-cert");
        requireReadable(tlsKey, "--tls-key");
        properties.put("quarkus.tls.key-store.pem.0.cert", tlsCert.toString());
        properties.put("quarkus.tls.key-store.pem.0.key", tlsKey.toString());
        properties.put("quarkus.http.ssl-port", String.valueOf(port == null ? 8443 : port));
        properties.put("quarkus.http.insecure-requests", "disabled");
        if (clientCa != null) {
            requireReadable(clientCa, "--client-ca");
            properties.put("quarkus.tls.trust-store.pem.certs", clientCa.toString());
            properties.put("quarkus.http.ssl.client-auth", "request");
        }
        return properties;
    }

    private void requireReadable(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw usage(option + " " + file + " is not readable");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public void run() {
        throw new IllegalStateException("logic error: serve is started by Main through Quarkus, not by picocli");
    }
}
