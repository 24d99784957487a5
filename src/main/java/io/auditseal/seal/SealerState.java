package io.auditseal.seal;

import io.auditseal.format.ChainHead;
import io.auditseal.tlog.compact.CompactRange;
import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the sealer persists for a chain (in the journal, atomically per seal): the chain head after the last seal
 * it wrote and verified, and the journal sequence of the first record not yet sealed.
 *
 * <pre>
 * version (1 byte, = 1) | nextSequence (8) | nextJournalPosition (8) | lastManifestSha256 (32)
 * | treeSize (8) | hash count (4) | hashes (32 each, the compact range [0, treeSize))
 * </pre>
 */
public record SealerState(ChainHead head, long nextJournalPosition) {

    private static final byte VERSION = 1;
    private static final HexFormat HEX = HexFormat.of();

    public static SealerState initial() {
        return new SealerState(ChainHead.genesis(), 0);
    }

    public byte[] encode() {
        List<byte[]> hashes = head.range().hashes();
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 8 + 32 + 8 + 4 + 32 * hashes.size());
        buffer.put(VERSION).putLong(head.nextSequence()).putLong(nextJournalPosition)
                .put(HEX.parseHex(head.lastManifestSha256())).putLong(head.treeSize()).putInt(hashes.size());
        hashes.forEach(buffer::put);
        return buffer.array();
    }

    public static SealerState decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 61 || buffer.get() != VERSION) {
            throw new IllegalArgumentException("sealer state is not version " + VERSION + " or is truncated");
        }
        long nextSequence = buffer.getLong();
        long nextJournalPosition = buffer.getLong();
        byte[] manifestSha = new byte[32];
        buffer.get(manifestSha);
        long treeSize = buffer.getLong();
        int count = buffer.getInt();
        if (count < 0 || buffer.remaining() != 32L * count) {
            throw new IllegalArgumentException("sealer state holds " + buffer.remaining() + " hash bytes for " + count + " hashes");
        }
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] hash = new byte[32];
            buffer.get(hash);
            hashes.add(hash);
        }
        CompactRange range = CompactRange.of(Rfc6962Hasher.SHA256, 0, treeSize, hashes);
        return new SealerState(new ChainHead(nextSequence, range, HEX.formatHex(manifestSha)), nextJournalPosition);
    }
}
