package io.auditseal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code auditseal serve}: the long-running sink and operator. {@code Main} hands it to Quarkus rather than
 * running it as a picocli command, so that offline commands never boot the server.
 */
@Command(name = ServeCommand.NAME, mixinStandardHelpOptions = true,
        description = "Run the audit sink (the default command). Quarkus settings go before -jar, e.g. java -Dquarkus.http.port=8081 -jar ...")
public final class ServeCommand implements Runnable {

    public static final String NAME = "serve";

    @Unmatched
    List<String> quarkusArguments = new ArrayList<>();

    /** Arguments passed on to the Quarkus application: whatever follows {@code serve}. */
    public String[] quarkusArguments() {
        return quarkusArguments.toArray(String[]::new);
    }

    @Override
    public void run() {
        throw new IllegalStateException("logic error: serve is started by Main through Quarkus, not by picocli");
    }
}
