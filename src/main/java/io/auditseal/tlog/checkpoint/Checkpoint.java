package io.auditseal.tlog.checkpoint;

import io.auditseal.tlog.note.MalformedNoteException;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The body of a checkpoint (c2sp.org/tlog-checkpoint): the log's origin, its size and its root hash. AuditSeal
 * writes no extension lines and accepts none.
 *
 * <pre>
 * &lt;origin&gt;\n
 * &lt;tree size, decimal, no leading zeros&gt;\n
 * &lt;root hash, standard padded base64&gt;\n
 * </pre>
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("root hash is " + rootHash.length + " bytes, want 32");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootHashHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    /** The three body lines, each ending in a newline: the note text that gets signed. */
    public String format() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** Parses a body as {@link #format()} writes it; anything else, extension lines included, is refused. */
    public static Checkpoint parse(String text) throws MalformedNoteException {
        if (!text.endsWith("\n")) {
            throw new MalformedNoteException("checkpoint does not end in a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MalformedNoteException("checkpoint has " + lines.length + " lines, want origin, size and root");
        }
        if (lines.length > 3) {
            throw new MalformedNoteException("checkpoint has " + (lines.length - 3) + " extension line(s), want none");
        }
        if (lines[0].isEmpty()) {
            throw new MalformedNoteException("checkpoint origin is empty");
        }
        if (!DECIMAL.matcher(lines[1]).matches()) {
            throw new MalformedNoteException("checkpoint size " + quote(lines[1]) + " is not a decimal number");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException("checkpoint size " + quote(lines[1]) + " is out of range", e);
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("checkpoint root hash is not valid base64", e);
        }
        if (root.length != 32) {
            throw new MalformedNoteException("checkpoint root hash is " + root.length + " bytes, want 32");
        }
        Checkpoint checkpoint = new Checkpoint(lines[0], size, root);
        if (!checkpoint.format().equals(text)) {
            // Base64 with non-canonical padding bits would decode to the same bytes: one body, one encoding.
            throw new MalformedNoteException("checkpoint is not in canonical form");
        }
        return checkpoint;
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && other.origin.equals(origin) && other.size == size
                && java.util.Arrays.equals(other.rootHash, rootHash);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + java.util.Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + rootHashHex() + "]";
    }
}
