package io.auditseal;

import io.auditseal.cli.AuditSealCommand;
import io.auditseal.cli.ServeCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The one entry point of the jar. Offline commands (keygen, verify, ...) run as plain picocli commands without
 * booting Quarkus, so they need no cluster, no port and no CDI; only {@code serve}, the default, starts Quarkus.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        CommandLine cli = AuditSealCommand.commandLine();
        String[] effective = args.length == 0 ? new String[] {ServeCommand.NAME} : args;
        CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(effective);
        } catch (CommandLine.ParameterException e) {
            // Let picocli print the usage error and exit 2.
            System.exit(cli.execute(effective));
            return;
        }
        if (parsed.subcommand() != null && parsed.subcommand().commandSpec().userObject() instanceof ServeCommand serve
                && !parsed.subcommand().isUsageHelpRequested()) {
            Quarkus.run(serve.quarkusArguments());
            return;
        }
        System.exit(cli.execute(effective));
    }
}
