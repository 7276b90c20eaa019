package io.leadfunnel.handoff.service;

import io.leadfunnel.handoff.repository.OpenHandoffCounts;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The open hand-offs of the reps with a capacity as routing sees them: their stored counts, read at the first
 * question, plus the hand-offs opened, moved or ended since by changes not stored yet. A poll routes many leads before
 * it writes any, so without the second part every lead of the poll would see the counts as they were before it, and a
 * rep could be filled past its capacity by one poll.
 */
public final class OpenHandoffTally {

    private final Supplier<Map<String, Integer>> read;
    private final Map<String, Integer> unstored = new HashMap<>();
    private Map<String, Integer> stored;

    /** @param read the stored counts of the reps with a capacity */
    OpenHandoffTally(Supplier<Map<String, Integer>> read) {
        this.read = read;
    }

    /** The open hand-offs of {@code rep}. */
    public int open(String rep) {
        if (stored == null) {
            stored = read.get();
        }
        return stored.getOrDefault(rep, 0) + unstored.getOrDefault(rep, 0);
    }

    /** A change not stored yet moved a hand-off from {@code from} to {@code to} (either may be null). */
    public void moved(String from, String to) {
        OpenHandoffCounts.add(unstored, from, to);
    }
}
