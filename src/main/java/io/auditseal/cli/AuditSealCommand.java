package io.auditseal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code auditseal} command: a tamper-evident sink for Kubernetes audit events. */
@Command(name = "auditseal",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tamper-evident Kubernetes audit trail: receive, chain, seal, prove.",
        subcommands = {ServeCommand.class, DemoCommand.class, VerifyCommand.class, ProveCommand.class,
                VerifyProofCommand.class, ConsistencyCommand.class, KeygenCommand.class, KubectlCommand.class,
                CommandLine.HelpCommand.class})
public final class AuditSealCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit codes shared by every command. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    public static CommandLine commandLine() {
        return new CommandLine(new AuditSealCommand())
                .setExitCodeExceptionMapper(e -> EXIT_USAGE)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
