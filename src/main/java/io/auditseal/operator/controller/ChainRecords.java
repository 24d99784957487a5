package io.auditseal.operator.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.format.ChainId;
import io.auditseal.format.Timestamps;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.JournalException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * Records the operator itself appends to a chain ({@code ChainConfigChange}, {@code SealRecordsPruned}): one
 * envelope ({@code apiVersion}, {@code kind}, {@code receivedAt}, {@code chain}), journaled durably and
 * deduplicated like received records, then sealed with them.
 */
@Singleton
final class ChainRecords {

    private final Journal journal;
    private final ObjectMapper json;

    ChainRecords(Journal journal, ObjectMapper json) {
        this.journal = journal;
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    /** A new record of {@code kind} for {@code chain}, to be filled in and {@link #append appended}. */
    ObjectNode create(String kind, ChainId chain, Instant now) {
        ObjectNode record = json.createObjectNode();
        record.put("apiVersion", ApiGroup.API_VERSION);
        record.put("kind", kind);
        record.put("receivedAt", Timestamps.format(now));
        record.put("chain", chain.toString());
        return record;
    }

    /** Durably appends {@code record}, unless a record with the same {@code dedupeKey} already was. */
    void append(ChainId chain, DedupeKey dedupeKey, ObjectNode record) throws JournalException {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record built from a JSON tree always serialises", e);
        }
        journal.append(chain, List.of(new JournalEntry(dedupeKey, payload)));
    }
}
