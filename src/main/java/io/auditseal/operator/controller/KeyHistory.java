package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.chain.status.ChainKey;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.auditseal.api.v1alpha1.seal.spec.SealKeyHandover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An AuditChain's key history (status.keys), as a pure function of what the reconciler found: the history it
 * published before (AuditSeals of old hand-overs may have been pruned since), the key published now, and the
 * hand-over AuditSeals kept.
 */
final class KeyHistory {

    private KeyHistory() {
    }

    static List<ChainKey> of(List<ChainKey> previous, String currentKey, List<AuditSeal> seals) {
        List<ChainKey> keys = new ArrayList<>();
        for (ChainKey key : previous == null ? List.<ChainKey>of() : previous) {
            ChainKey copy = new ChainKey(key.getPublicKey(), key.getFirstTreeSize());
            copy.setLastTreeSize(key.getLastTreeSize());
            copy.setRevokedFromTreeSize(key.getRevokedFromTreeSize());
            keys.add(copy);
        }
        List<AuditSeal> handovers = seals.stream().filter(seal -> seal.getSpec().getKeyHandover() != null)
                .sorted(Comparator.comparing(seal -> seal.getSpec().getSequence())).toList();
        if (keys.isEmpty()) {
            String first = handovers.isEmpty() ? currentKey : handovers.get(0).getSpec().getKeyHandover().getPreviousKey();
            if (first == null) {
                return keys;
            }
            keys.add(new ChainKey(first, 0L));
        }
        for (AuditSeal seal : handovers) {
            SealKeyHandover handover = seal.getSpec().getKeyHandover();
            long treeSize = seal.getSpec().getTreeSize();
            boolean known = keys.stream().anyMatch(key -> handover.getNextKey().equals(key.getPublicKey())
                    && Long.valueOf(treeSize).equals(key.getFirstTreeSize()));
            ChainKey last = keys.get(keys.size() - 1);
            if (known || !handover.getPreviousKey().equals(last.getPublicKey())) {
                continue;
            }
            last.setLastTreeSize(treeSize);
            last.setRevokedFromTreeSize(handover.getRevokedFromTreeSize());
            keys.add(new ChainKey(handover.getNextKey(), treeSize));
        }
        return keys;
    }
}
