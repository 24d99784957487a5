package io.auditseal.witness;

import java.time.Instant;

/**
 * What a witness last answered for a chain: it cosigned (its size is then the seal's tree size), or why not.
 *
 * @param treeSize the tree size of the checkpoint submitted
 * @param sequence the seal whose checkpoint was submitted
 */
public record WitnessOutcome(String witness, State state, long sequence, long treeSize, String message, Instant at) {

    public enum State {
        /** Cosigned, and the cosignature is stored beside the seal. */
        COSIGNED,
        /** Could not be reached or did not answer in time; the next seal tries again. */
        UNREACHABLE,
        /** Refused the request (an unknown origin, a key it does not trust, a malformed request): configuration. */
        REFUSED,
        /**
         * Holds a tree of this chain's origin that the chain's seals do not extend or contain: a checkpoint signed with
         * the chain's key that this chain never made. Evidence of a fork (or of a second writer): an alarm.
         */
        FORK
    }
}
