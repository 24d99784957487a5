package io.auditseal.server;

import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalConfig;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.RocksJournal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Opens the journal under the data directory for the life of the server and publishes its backlog as gauges. */
@ApplicationScoped
public class JournalProducer {

    @Produces
    @Singleton
    Journal journal(ServeConfig config, MeterRegistry metrics) {
        long cap = config.journal().capBytes();
        JournalConfig journalConfig = new JournalConfig(config.dataDir().resolve("journal"), cap,
                config.journal().chainCapBytes().orElse(JournalConfig.defaultChainCap(cap)),
                config.journal().dedupeWindow());
        Journal journal;
        try {
            journal = RocksJournal.openWhenUnlocked(journalConfig, config.journal().lockWait());
        } catch (JournalException e) {
            throw new IllegalStateException("cannot open the journal in " + journalConfig.directory() + ": "
                    + e.getMessage(), e);
        }
        Gauge.builder("auditseal.journal.pending.bytes", journal, Journal::pendingBytes)
                .description("Journaled payload bytes not yet sealed").baseUnit("bytes").register(metrics);
        Gauge.builder("auditseal.journal.cap.bytes", journalConfig, JournalConfig::capBytes)
                .description("Journal disk cap: above it ingest answers 429").baseUnit("bytes").register(metrics);
        Gauge.builder("auditseal.journal.chain.cap.bytes", journalConfig, JournalConfig::chainCapBytes)
                .description("One chain's share of the journal: above it that chain's ingest answers 429")
                .baseUnit("bytes").register(metrics);
        return journal;
    }

    void close(@Disposes Journal journal) {
        journal.close();
    }
}
