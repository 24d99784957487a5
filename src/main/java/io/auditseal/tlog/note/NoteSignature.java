package io.auditseal.tlog.note;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * One signature line of a signed note: {@code — <key name> <base64(4-byte key id || signature)>\n}, where the
 * dash is U+2014 followed by a space.
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    static final String LINE_PREFIX = "\u2014 ";

    public NoteSignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, including its final newline. */
    public String formatLine() {
        ByteBuffer tagged = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature);
        return LINE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(tagged.array()) + "\n";
    }

    /** Parses one signature line without its final newline, such as a witness returns (c2sp.org/tlog-witness). */
    public static NoteSignature parse(String line) throws MalformedNoteException {
        return parseLine(line);
    }

    /** Parses one line without its final newline. */
    static NoteSignature parseLine(String line) throws MalformedNoteException {
        if (!line.startsWith(LINE_PREFIX)) {
            throw new MalformedNoteException("signature line must start with an em dash and a space");
        }
        String rest = line.substring(LINE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new MalformedNoteException("signature line has no space between key name and signature");
        }
        String name = rest.substring(0, space);
        KeyId.checkName(name);
        byte[] tagged;
        try {
            tagged = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("signature by " + name + " is not valid base64", e);
        }
        if (tagged.length < 5) {
            throw new MalformedNoteException("signature by " + name + " is " + tagged.length + " bytes, too short");
        }
        ByteBuffer buffer = ByteBuffer.wrap(tagged);
        int keyId = buffer.getInt();
        byte[] signature = new byte[buffer.remaining()];
        buffer.get(signature);
        return new NoteSignature(name, keyId, signature);
    }
}
