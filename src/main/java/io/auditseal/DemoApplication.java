package io.auditseal;

import io.auditseal.cli.DemoRun;
import io.quarkus.runtime.QuarkusApplication;

import java.util.concurrent.atomic.AtomicReference;

/** The demo as a Quarkus application: the sink is up when {@link #run} is called; its return is the exit code. */
public class DemoApplication implements QuarkusApplication {

    /** Handed over by {@code Main} before Quarkus starts: picocli made it, Quarkus instantiates this class. */
    static final AtomicReference<DemoRun> RUN = new AtomicReference<>();

    @Override
    public int run(String... args) {
        return RUN.get().run();
    }
}
