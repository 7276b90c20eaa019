package io.leadfunnel.handoff.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin (as in nginx): each pick adds every candidate's weight to its running credit, takes the
 * candidate with the most credit and subtracts the total weight from it. Over any run of picks each candidate's share
 * is within one pick of its weight's share, and picks interleave instead of coming in bursts. Candidates left out of
 * a pick (out of office, full) keep their credit.
 */
public final class WeightedRoundRobin {

    private final Map<String, Long> credit;

    public WeightedRoundRobin(Map<String, Long> credit) {
        this.credit = new HashMap<>(credit == null ? Map.of() : credit);
    }

    /** A candidate and its weight. */
    public record Candidate(String id, int weight) {
    }

    /** Picks one of the candidates (weights above zero), or null when there is none. */
    public String pick(List<Candidate> candidates) {
        long total = 0;
        Candidate best = null;
        long bestCredit = Long.MIN_VALUE;
        for (Candidate c : candidates) {
            if (c.weight() <= 0) {
                continue;
            }
            long updated = credit.getOrDefault(c.id(), 0L) + c.weight();
            credit.put(c.id(), updated);
            total += c.weight();
            if (updated > bestCredit) {
                bestCredit = updated;
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        credit.put(best.id(), bestCredit - total);
        return best.id();
    }

    /** The running credits, to store between picks. */
    public Map<String, Long> credit() {
        return Map.copyOf(credit);
    }
}
