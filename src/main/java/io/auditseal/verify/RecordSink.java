package io.auditseal.verify;

/** Receives every record of a chain as it is verified: its log index and its canonical bytes (the leaf data). */
@FunctionalInterface
public interface RecordSink {

    RecordSink NONE = (index, record) -> { };

    void accept(long index, byte[] record);

    /** Called after seal {@code sequence} verified (for progress reports). */
    default void sealVerified(long sequence) {
    }
}
