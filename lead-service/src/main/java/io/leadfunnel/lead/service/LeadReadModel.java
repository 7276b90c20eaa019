package io.leadfunnel.lead.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.lead.domain.DecisionChange;
import io.leadfunnel.lead.domain.FunnelDecisions;
import io.leadfunnel.lead.repository.LeadDecisionStore;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollConsumption;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the stage, owner and latest score that other services own on the lead, for sales-ops queries. Idempotent on
 * event id; the newest event by time wins, whatever the order of arrival. Events are written without reading the
 * lead, as the few fields they change ({@link LeadDecisionStore}), a poll's events at once: every event carries its
 * time, so the ordering rule is always a condition the update's filter can state.
 */
@ApplicationScoped
public class LeadReadModel {

    /** What became of an incoming event. */
    public enum Outcome {
        APPLIED, DUPLICATE, UNKNOWN_LEAD,
        /** Applied now or before: a poll's counts could not tell which (see {@link LeadDecisionStore#writePoll}). */
        APPLIED_OR_DUPLICATE
    }

    /** What became of one record of a poll, for the consumer's counters. */
    public record Counted(String type, String leadId, Outcome outcome) {
    }

    /** The records of a poll taken in, and those that cannot be. */
    public record Applied(List<Counted> counted, List<Poison> poison) {

        /** As the consumer counts it: each outcome by its lower-case name. */
        public PollConsumption.Applied toConsumption() {
            return new PollConsumption.Applied(counted.stream().map(c -> new PollConsumption.Counted(c.type(),
                    c.outcome().name().toLowerCase(Locale.ROOT))).toList(), poison);
        }
    }

    private final LeadDecisionStore decisions;

    public LeadReadModel(LeadDecisionStore decisions) {
        this.decisions = decisions;
    }

    public Outcome apply(LifecycleEvent event) {
        return outcome(decisions.write(event.leadId(), FunnelDecisions.change(event)));
    }

    public Outcome apply(LeadScored event) {
        return outcome(decisions.write(event.leadId(), FunnelDecisions.change(event)));
    }

    /** Takes a poll of {@code lead.lifecycle} in, each lead's events in order, with one write. */
    public Applied applyLifecycle(Map<String, List<LeadPoll.Entry<LifecycleEvent>>> leads) {
        return applyPoll(leads, FunnelDecisions::change);
    }

    /** Takes a poll of {@code lead.scores} in, each lead's events in order, with one write. */
    public Applied applyScores(Map<String, List<LeadPoll.Entry<LeadScored>>> leads) {
        return applyPoll(leads, FunnelDecisions::change);
    }

    /**
     * A record whose event cannot be turned into a change is poison on its own; the store's failures are left to the
     * caller, which waits out transient ones and isolates a lasting one lead by lead.
     */
    private <E extends FunnelEvent> Applied applyPoll(Map<String, List<LeadPoll.Entry<E>>> leads,
                                                      Function<E, DecisionChange> change) {
        List<Poison> poison = new ArrayList<>();
        Map<String, List<LeadPoll.Entry<E>>> taken = new LinkedHashMap<>();
        Map<String, List<DecisionChange>> changes = new LinkedHashMap<>();
        leads.forEach((leadId, entries) -> entries.forEach(entry -> {
            DecisionChange decision;
            try {
                decision = change.apply(entry.event());
            } catch (RuntimeException e) {
                poison.add(new Poison(entry.record(), e));
                return;
            }
            taken.computeIfAbsent(leadId, id -> new ArrayList<>()).add(entry);
            changes.computeIfAbsent(leadId, id -> new ArrayList<>()).add(decision);
        }));
        List<Counted> counted = new ArrayList<>();
        decisions.writePoll(changes).forEach((leadId, written) -> {
            List<LeadPoll.Entry<E>> entries = taken.get(leadId);
            for (int i = 0; i < entries.size(); i++) {
                counted.add(new Counted(entries.get(i).event().type(), leadId, outcome(written.get(i))));
            }
        });
        return new Applied(counted, poison);
    }

    private static Outcome outcome(LeadDecisionStore.Written written) {
        return switch (written) {
            case NEWEST, OLDER, TAKEN_IN -> Outcome.APPLIED;
            case ALREADY_APPLIED -> Outcome.DUPLICATE;
            case UNKNOWN_LEAD -> Outcome.UNKNOWN_LEAD;
            case TAKEN_IN_OR_ALREADY_APPLIED -> Outcome.APPLIED_OR_DUPLICATE;
        };
    }
}
