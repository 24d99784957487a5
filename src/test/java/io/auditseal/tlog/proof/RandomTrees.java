package io.auditseal.tlog.proof;

import io.auditseal.tlog.rfc6962.Rfc6962Hasher;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

final class RandomTrees {

    private RandomTrees() {
    }

    static List<byte[]> leafHashes(Random random, int count) {
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(32)];
            random.nextBytes(data);
            hashes.add(Rfc6962Hasher.SHA256.hashLeaf(data));
        }
        return hashes;
    }
}
