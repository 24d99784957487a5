package io.auditseal.operator;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What waits for leadership runs when this replica starts leading, each time, and never before. */
class LeadershipTest {

    @Test
    void whenLeading_runsOnEveryStartOfLeadership_notBefore() {
        Leadership leadership = new Leadership();
        leadership.electionActivated();
        AtomicInteger runs = new AtomicInteger();
        leadership.whenLeading(runs::incrementAndGet);
        assertEquals(0, runs.get(), "registered while standing by");

        leadership.leading(true);
        assertEquals(1, runs.get());
        leadership.leading(false);
        assertEquals(1, runs.get(), "losing the Lease runs nothing");
        leadership.leading(true);
        assertEquals(2, runs.get());
    }
}
