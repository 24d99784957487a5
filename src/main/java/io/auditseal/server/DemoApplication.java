package io.auditseal.server;

import io.quarkus.runtime.QuarkusApplication;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/** The demo as a Quarkus application: the sink is up when {@link #run} is called; its return is the exit code. */
public class DemoApplication implements QuarkusApplication {

    /** Handed over by {@code Main} before Quarkus starts: picocli made it, Quarkus instantiates this class. */
    private static final AtomicReference<IntSupplier> RUN = new AtomicReference<>();

    /** The demo to run once the sink is up: it posts, waits for the seals and verifies; returns the exit code. */
    public static void handOver(IntSupplier demo) {
        RUN.set(demo);
    }

    @Override
    public int run(String... args) {
        return RUN.get().getAsInt();
    }
}
