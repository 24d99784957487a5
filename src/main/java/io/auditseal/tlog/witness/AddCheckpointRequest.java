package io.auditseal.tlog.witness;

import io.auditseal.tlog.note.MalformedNoteException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of a witness's add-checkpoint request (c2sp.org/tlog-witness): the size the witness last cosigned, an
 * RFC 6962 consistency proof from it, a blank line and the signed checkpoint note.
 *
 * <pre>
 * old 2\n
 * Ai5ipv4MmJPEl51R+qzA59AHA73pfU3SdoN5VVD4sec=\n
 * \n
 * example.com/log\n
 * 4\n
 * nirEn7fmqSTxTrpBkQKEkhlvjqUB1wao3iBbOzh01A8=\n
 * \n
 * — example.com/log lYza3nr4...\n
 * </pre>
 *
 * @param oldSize          the size of the latest checkpoint the witness cosigned for this origin (0 for none)
 * @param consistencyProof the proof from {@code oldSize} to the checkpoint's size; empty when oldSize is 0 or equal
 * @param checkpointNote   the whole signed note (text, blank line, signature lines)
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> consistencyProof, String checkpointNote) {

    /** The protocol allows at most this many proof lines: a tree of 2^63 leaves needs no more. */
    public static final int MAX_PROOF_HASHES = 63;

    public AddCheckpointRequest {
        if (oldSize < 0) {
            throw new IllegalArgumentException("old size " + oldSize + " is negative");
        }
        if (consistencyProof.size() > MAX_PROOF_HASHES) {
            throw new IllegalArgumentException("consistency proof has " + consistencyProof.size() + " hashes, at most "
                    + MAX_PROOF_HASHES);
        }
        for (byte[] hash : consistencyProof) {
            if (hash.length != 32) {
                throw new IllegalArgumentException("a consistency proof hash is " + hash.length + " bytes, want 32");
            }
        }
        if (oldSize == 0 && !consistencyProof.isEmpty()) {
            throw new IllegalArgumentException("the proof from size 0 is empty, not " + consistencyProof.size() + " hashes");
        }
        consistencyProof = consistencyProof.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> consistencyProof() {
        return consistencyProof.stream().map(byte[]::clone).toList();
    }

    /** The request body, UTF-8, every line ending in a single newline. */
    public byte[] encode() {
        StringBuilder body = new StringBuilder(64 + 45 * consistencyProof.size() + checkpointNote.length());
        body.append("old ").append(oldSize).append('\n');
        for (byte[] hash : consistencyProof) {
            body.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        body.append('\n').append(checkpointNote);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a request body as a witness receives it; the note itself is checked by whoever opens it. */
    public static AddCheckpointRequest parse(byte[] body) throws MalformedNoteException {
        String text = new String(body, StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        if (!text.startsWith("old ") || blank < 0) {
            throw new MalformedNoteException("add-checkpoint body must start with an old size line and have a blank "
                    + "line before the checkpoint");
        }
        String[] header = text.substring(0, blank).split("\n", -1);
        long oldSize = decimal(header[0].substring("old ".length()));
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < header.length; i++) {
            try {
                proof.add(Base64.getDecoder().decode(header[i]));
            } catch (IllegalArgumentException e) {
                throw new MalformedNoteException("consistency proof line " + i + " is not base64");
            }
        }
        try {
            return new AddCheckpointRequest(oldSize, proof, text.substring(blank + 2));
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException(e.getMessage());
        }
    }

    /** A size: decimal, no sign, no leading zeros (but "0"). */
    static long decimal(String text) throws MalformedNoteException {
        if (!text.matches("0|[1-9][0-9]{0,18}")) {
            throw new MalformedNoteException("size \"" + (text.length() > 20 ? text.substring(0, 20) + "..." : text)
                    + "\" is not a decimal without leading zeros");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException("size " + text + " is over 2^63 - 1");
        }
    }
}
