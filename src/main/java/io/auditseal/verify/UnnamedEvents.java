package io.auditseal.verify;

import io.auditseal.format.SealLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Events objects in a seal's directory that no verified manifest names. A writer that stops between its two puts
 * leaves one; if another writer then sealed that sequence, its events went to the next attempt key and the first
 * object stays, locked, beside the seal. Not a failure (the chain does not depend on it, and its records are
 * sealed when the writer's journal fails back), but an auditor should see it: reported as a notice.
 */
final class UnnamedEvents {

    private final String prefix;
    private final TreeSet<String> unnamed = new TreeSet<>();

    /** @param listed every key under the chain's {@code seals/}, with the chain prefix */
    UnnamedEvents(String prefix, List<String> listed) {
        this.prefix = prefix;
        for (String key : listed) {
            String relative = key.substring(prefix.length());
            long sequence = sequenceOfDirectory(relative);
            if (sequence >= 0 && SealLayout.attemptOfEventsKey(sequence, relative) >= 0) {
                unnamed.add(relative);
            }
        }
    }

    /** A verified manifest names {@code eventsKey} (chain-relative). */
    void named(String eventsKey) {
        unnamed.remove(eventsKey);
    }

    /** The notice, if any events object in the verified range is left unnamed. */
    Optional<String> notice(VerifyOptions options) {
        List<String> inRange = new ArrayList<>();
        for (String key : unnamed) {
            long sequence = sequenceOfDirectory(key);
            if (sequence >= options.fromSequence() && sequence <= options.toSequence()) {
                inRange.add(key);
            }
        }
        if (inRange.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(inRange.size() + " events object(s) that no manifest names: " + String.join(", ", inRange)
                + ". A writer stopped (or is still writing) between writing a seal's events and its manifest; where another writer sealed "
                + "that sequence, its manifest names another events object. Their records are not part of the chain "
                + "(the stopped writer's journal seals them when it fails back; a JournalRebased record says so)");
    }

    /** The sequence of a chain-relative key under {@code seals/<20 digits>/}, or -1. */
    private static long sequenceOfDirectory(String relative) {
        String[] parts = relative.split("/", -1);
        if (parts.length != 3 || !parts[0].equals("seals") || !parts[1].matches("[0-9]{20}")) {
            return -1;
        }
        try {
            return Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
