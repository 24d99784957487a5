package io.auditseal.witness;

import io.auditseal.format.ChainId;

import java.util.List;

/** What each chain's witnesses last answered, read-only: what the operator's conditions report. Thread-safe. */
public interface WitnessStatus {

    /** The latest outcome per witness the chain names (none before its first submission after a start). */
    List<WitnessOutcome> outcomes(ChainId chain);
}
