package io.auditseal.operator.controller;

import io.auditseal.api.v1alpha1.chain.status.ChainKey;
import io.auditseal.format.ChainId;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteVerifier;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key each chain has signed with, as the chain reconciler last published it (status.keys): the seal checks
 * accept a seal signed by any of them, so that seals from before a key hand-over keep verifying. Which key signed
 * which seal is the offline verifier's to check, following the hand-overs.
 */
@Singleton
final class ChainKeyRing {

    private final Map<ChainId, List<NoteVerifier>> keys = new ConcurrentHashMap<>();

    void remember(ChainId chain, List<ChainKey> history) {
        List<NoteVerifier> verifiers = new ArrayList<>();
        for (ChainKey key : history) {
            try {
                verifiers.add(NoteVerifier.parse(key.getPublicKey()));
            } catch (MalformedNoteException | RuntimeException e) {
                // A status someone edited by hand: the key is simply not trusted.
            }
        }
        keys.put(chain, List.copyOf(verifiers));
    }

    List<NoteVerifier> keys(ChainId chain) {
        return keys.getOrDefault(chain, List.of());
    }
}
