package io.auditseal.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyProgressTest {

    @Test
    void printsSealsRecordsAndRate_atMostOncePerSecond_thenEndsTheLine() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        VerifyProgress progress = new VerifyProgress(new PrintWriter(text), clock::get);
        for (int i = 0; i < 500; i++) {
            progress.accept(i, new byte[0]);
        }
        progress.sealVerified(0);
        assertEquals("", text.toString(), "nothing before a second has passed");
        clock.set(2_000_000_000L);
        progress.sealVerified(1);
        progress.sealVerified(2);
        assertEquals("\r  verified 2 seals, 500 records (250 records/s)   ", text.toString());
        progress.finish();
        assertTrue(text.toString().endsWith(System.lineSeparator()));
    }

    @Test
    void notATerminal_printsNothing() {
        StringWriter text = new StringWriter();
        var sink = VerifyProgress.forTerminal(new PrintWriter(text));
        sink.accept(0, new byte[0]);
        sink.sealVerified(0);
        assertEquals("", text.toString());
    }
}
