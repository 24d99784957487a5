package io.auditseal.tlog.note;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A witness's cosignature on a checkpoint (c2sp.org/tlog-cosignature, cosignature/v1): a note signature line whose
 * signature bytes are a {@code timestamped_signature}.
 *
 * <pre>
 * — witness-name base64(key id (4) || timestamp (8, big-endian, POSIX seconds) || Ed25519 signature (64))
 * </pre>
 *
 * @param witness   the cosigner's key name
 * @param keyId     its cosignature/v1 key ID
 * @param timestamp when it cosigned, POSIX seconds: the time the witness vouches it had seen no larger tree
 * @param signature the 64-byte Ed25519 signature of {@link CosignatureVerifier#message}
 */
public record Cosignature(String witness, int keyId, long timestamp, byte[] signature) {

    /** {@code timestamped_signature}: 8 timestamp bytes, then the signature. */
    static final int SIGNATURE_BYTES = 8 + NoteVerifier.SIGNATURE_SIZE;

    public Cosignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public Instant time() {
        return Instant.ofEpochSecond(timestamp);
    }

    /** Reads the timestamped signature of a signature line; the line's key is not checked here. */
    public static Cosignature of(NoteSignature line) throws MalformedNoteException {
        byte[] bytes = line.signature();
        if (bytes.length != SIGNATURE_BYTES) {
            throw new MalformedNoteException("cosignature by " + line.keyName() + " holds " + bytes.length
                    + " signature bytes, want " + SIGNATURE_BYTES + " (timestamp and Ed25519 signature)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long timestamp = buffer.getLong();
        if (timestamp < 0) {
            throw new MalformedNoteException("cosignature by " + line.keyName() + " has a timestamp over 2^63 - 1");
        }
        byte[] signature = new byte[NoteVerifier.SIGNATURE_SIZE];
        buffer.get(signature);
        return new Cosignature(line.keyName(), line.keyId(), timestamp, signature);
    }

    /** The signature line, final newline included. */
    public String formatLine() {
        byte[] bytes = ByteBuffer.allocate(SIGNATURE_BYTES).putLong(timestamp).put(signature).array();
        return new NoteSignature(witness, keyId, bytes).formatLine();
    }
}
