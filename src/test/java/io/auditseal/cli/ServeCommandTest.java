package io.auditseal.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeCommandTest {

    private static Map<String, String> configuration(String... args) {
        CommandLine cli = AuditSealCommand.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return ((ServeCommand) parsed.subcommand().commandSpec().userObject()).configuration();
    }

    @Test
    void tlsOptions_becomeHttpsOnlyServerSettings() {
        Map<String, String> config = configuration("serve", "--standalone", "--config", "src/test/resources/standalone",
                "--tls-cert", "src/test/resources/tls/server.crt", "--tls-key", "src/test/resources/tls/server.key",
                "--client-ca", "src/test/resources/tls/ca.crt", "--port", "9443");
        assertEquals("9443", config.get("quarkus.http.ssl-port"));
        assertEquals("disabled", config.get("quarkus.http.insecure-requests"));
        assertEquals("request", config.get("quarkus.http.ssl.client-auth"));
        assertEquals("src/test/resources/tls/server.crt", config.get("quarkus.tls.key-store.pem.0.cert"));
        assertEquals("true", config.get("auditseal.standalone"));
    }

    @Test
    void noTlsAndNoInsecureHttp_isAUsageErrorThatSaysWhy() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> configuration("serve", "--standalone", "--config", "src/test/resources/standalone"));
        assertTrue(e.getMessage().contains("--tls-cert"), e.getMessage());
    }

    @Test
    void standaloneWithoutConfig_isAUsageError() {
        assertThrows(CommandLine.ParameterException.class, () -> configuration("serve", "--standalone", "--insecure-http"));
    }

    @Test
    void insecureHttp_servesPlainHttpOnThePort() {
        Map<String, String> config = configuration("serve", "--standalone", "--config", "src/test/resources/standalone",
                "--insecure-http", "--port", "18080");
        assertEquals("18080", config.get("quarkus.http.port"));
        assertTrue(!config.containsKey("quarkus.http.ssl-port"));
    }
}
