package io.auditseal;

import io.auditseal.cli.AuditSealCommand;
import io.auditseal.cli.DemoCommand;
import io.auditseal.cli.ServeCommand;
import io.auditseal.server.DemoApplication;
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
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(effective);
            CommandLine.ParseResult sub = parsed.subcommand();
            if (sub != null && sub.commandSpec().userObject() instanceof ServeCommand serve
                    && !sub.isUsageHelpRequested() && !sub.isVersionHelpRequested()) {
                // Quarkus reads its configuration from system properties at startup.
                serve.configuration().forEach(System::setProperty);
                Quarkus.run();
                return;
            }
            if (sub != null && sub.commandSpec().userObject() instanceof DemoCommand demo
                    && !sub.isUsageHelpRequested() && !sub.isVersionHelpRequested()) {
                demo.prepare().forEach(System::setProperty);
                DemoApplication.handOver(demo.run(demo.spec())::run);
                Quarkus.run(DemoApplication.class);
                return;
            }
        } catch (CommandLine.ParameterException e) {
            cli.getErr().println(e.getMessage());
            e.getCommandLine().usage(cli.getErr());
            System.exit(AuditSealCommand.EXIT_USAGE);
            return;
        }
        System.exit(cli.execute(effective));
    }
}
