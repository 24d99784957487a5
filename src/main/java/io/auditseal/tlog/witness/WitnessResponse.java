package io.auditseal.tlog.witness;

import io.auditseal.tlog.note.MalformedNoteException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a witness answered an add-checkpoint request with (c2sp.org/tlog-witness), read from the HTTP status and
 * body: cosignature lines, the size it holds, or a refusal.
 */
public sealed interface WitnessResponse {

    /** 200: one or more note signature lines, to be checked against the witness keys the client trusts. */
    record Cosigned(List<String> signatureLines) implements WitnessResponse {
        public Cosigned {
            signatureLines = List.copyOf(signatureLines);
        }
    }

    /**
     * 409 with a {@code text/x.tlog.size} body: the old size sent is not the size of the witness's latest cosigned
     * checkpoint, which is {@code witnessSize}. (A 409 without a size: the same size with another root.)
     */
    record Conflict(long witnessSize) implements WitnessResponse {
    }

    /** 409 without a size (the spec's answer to the same size with another root) or 422 (the proof failed). */
    record Inconsistent(int status, String message) implements WitnessResponse {
    }

    /** Any other status: 404 unknown origin, 403 no trusted signature, 400 malformed, 5xx. */
    record Refused(int status, String message) implements WitnessResponse {
    }

    /** Reads a response; {@code contentType} may be null. */
    static WitnessResponse of(int status, String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (status == 200) {
            List<String> lines = Arrays.stream(text.split("\n")).filter(line -> !line.isEmpty()).toList();
            return new Cosigned(lines);
        }
        if (status == 409 && contentType != null && contentType.startsWith("text/x.tlog.size")) {
            try {
                return new Conflict(AddCheckpointRequest.decimal(text.strip()));
            } catch (MalformedNoteException e) {
                return new Refused(status, "409 with an unreadable size: " + e.getMessage());
            }
        }
        String message = text.length() > 300 ? text.substring(0, 300) + "..." : text.strip();
        if (status == 409 || status == 422) {
            return new Inconsistent(status, message);
        }
        return new Refused(status, message);
    }
}
