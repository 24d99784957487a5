package io.auditseal.tlog.proof;

import java.util.ArrayList;
import java.util.List;

/** Ways to damage a good proof; each variant must fail verification. */
final class ProofCorruptions {

    private ProofCorruptions() {
    }

    /** The proof with one element changed, dropped, added or moved: every single-bit flip included. */
    static List<Variant> of(List<byte[]> proof, byte[]... extras) {
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            for (int bit = 0; bit < proof.get(i).length * 8; bit++) {
                List<byte[]> flipped = copy(proof);
                byte[] element = flipped.get(i).clone();
                element[bit / 8] ^= (byte) (1 << (bit % 8));
                flipped.set(i, element);
                variants.add(new Variant("element " + i + " bit " + bit + " flipped", flipped));
            }
            List<byte[]> removed = copy(proof);
            removed.remove(i);
            variants.add(new Variant("element " + i + " removed", removed));
        }
        for (byte[] extra : extras) {
            List<byte[]> appended = copy(proof);
            appended.add(extra);
            variants.add(new Variant("trailing garbage", appended));
            List<byte[]> prepended = copy(proof);
            prepended.add(0, extra);
            variants.add(new Variant("leading garbage", prepended));
            for (int i = 1; i < proof.size(); i++) {
                List<byte[]> inserted = copy(proof);
                inserted.add(i, extra);
                variants.add(new Variant("element inserted at " + i, inserted));
            }
        }
        if (proof.size() > 1) {
            List<byte[]> swapped = copy(proof);
            swapped.set(0, proof.get(1));
            swapped.set(1, proof.get(0));
            if (!java.util.Arrays.equals(proof.get(0), proof.get(1))) {
                variants.add(new Variant("first two elements swapped", swapped));
            }
        }
        return variants;
    }

    private static List<byte[]> copy(List<byte[]> proof) {
        return new ArrayList<>(proof);
    }

    record Variant(String description, List<byte[]> proof) {
    }
}
