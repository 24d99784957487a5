package io.auditseal.tlog.proof;

import io.auditseal.tlog.LogHasher;

import java.util.List;

/** Length checks shared by the proof verifiers: a hash of the wrong length is rejected before any hashing. */
final class ProofHashes {

    private ProofHashes() {
    }

    static void checkLength(LogHasher hasher, String what, byte[] hash) throws InvalidProofException {
        if (hash == null || hash.length != hasher.size()) {
            throw new InvalidProofException(
                    what + " is " + (hash == null ? "missing" : hash.length + " bytes") + ", want " + hasher.size());
        }
    }

    static void checkLengths(LogHasher hasher, List<byte[]> proof) throws InvalidProofException {
        for (int i = 0; i < proof.size(); i++) {
            checkLength(hasher, "proof hash " + i, proof.get(i));
        }
    }
}
