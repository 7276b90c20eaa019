package io.leadfunnel.lead.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One lead's decisions of one kind from one poll, merged into the few writes that can leave them, so that the poll
 * costs one round trip whatever it holds. Taken in one by one, an event is the newest of its kind when its time is not
 * before the stored newest time nor before any earlier event of the poll; which of the poll's events are newest thus
 * depends only on where the stored time falls among the poll's own times. Each {@link Variant} is one such range with
 * the fields that the events taken in one by one would leave there. The ranges do not overlap and cover every stored
 * time, so exactly one variant fits a lead that has taken in none of the events, and the store can send them all,
 * in any order, each guarded by its range: the one that fits takes in every event and the others then find them taken.
 */
public final class PolledDecisions {

    /**
     * The write for a stored newest time in {@code (after, upTo]}.
     *
     * @param after  exclusive lower bound; null for none, when a lead without a newest time fits too
     * @param upTo   inclusive upper bound; null for none
     * @param newest the fields to set, merged from the events that are then the newest; null when every event is older
     */
    public record Variant(Instant after, Instant upTo, DecisionChange newest) {
    }

    private final List<DecisionChange> taken = new ArrayList<>();
    private final List<Boolean> repeated = new ArrayList<>();
    private final List<Variant> variants = new ArrayList<>();

    /** @param changes one lead's changes, all of one kind, in poll order */
    public PolledDecisions(List<DecisionChange> changes) {
        Set<String> ids = new HashSet<>();
        List<DecisionChange> candidates = new ArrayList<>();
        Instant latest = null;
        for (DecisionChange change : changes) {
            boolean first = ids.add(change.eventId());
            repeated.add(!first);
            if (!first) {
                continue;
            }
            taken.add(change);
            if (latest == null || !change.occurredAt().isBefore(latest)) {
                candidates.add(change);
                latest = change.occurredAt();
            }
        }
        for (int first = 0; first <= candidates.size(); first++) {
            Instant after = first == 0 ? null : candidates.get(first - 1).occurredAt();
            Instant upTo = first == candidates.size() ? null : candidates.get(first).occurredAt();
            if (after != null && upTo != null && !after.isBefore(upTo)) {
                continue;
            }
            variants.add(new Variant(after, upTo, merged(candidates.subList(first, candidates.size()))));
        }
    }

    /** The events to take in, in poll order, each once. */
    public List<DecisionChange> taken() {
        return taken;
    }

    /** Whether the change at {@code index} of the poll repeats an earlier one of the poll (a duplicate for sure). */
    public boolean repeated(int index) {
        return repeated.get(index);
    }

    /** The writes of which exactly one fits a lead that has taken in none of the events. */
    public List<Variant> variants() {
        return variants;
    }

    private static DecisionChange merged(List<DecisionChange> newest) {
        DecisionChange merged = null;
        for (DecisionChange change : newest) {
            merged = merged == null ? change : merged.then(change);
        }
        return merged;
    }
}
