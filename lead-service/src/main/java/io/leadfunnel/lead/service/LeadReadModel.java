package io.leadfunnel.lead.service;

import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.lead.domain.DecisionChange;
import io.leadfunnel.lead.domain.FunnelDecisions;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.repository.LeadDecisionStore;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Keeps the stage, owner and latest score that other services own on the lead, for sales-ops queries. Idempotent on
 * event id; the newest event by time wins, whatever the order of arrival. An event is written without reading the
 * lead, as the few fields it changes ({@link LeadDecisionStore}); one whose time is missing, which no filter can
 * compare, takes the lead's read-change-write path, where the aggregate decides.
 */
@ApplicationScoped
public class LeadReadModel {

    /** What became of an incoming event. */
    public enum Outcome { APPLIED, DUPLICATE, UNKNOWN_LEAD }

    private final LeadRepository leads;
    private final LeadDecisionStore decisions;
    private final Clock clock;
    private final LeadWrites writes;

    public LeadReadModel(LeadRepository leads, LeadDecisionStore decisions, Clock clock, LeadWrites writes) {
        this.leads = leads;
        this.decisions = decisions;
        this.clock = clock;
        this.writes = writes;
    }

    public Outcome apply(LifecycleEvent event) {
        if (event.occurredAt() == null) {
            return rewrite(event.leadId(), lead -> lead.applyLifecycle(event, clock.instant()));
        }
        return write(event.leadId(), FunnelDecisions.change(event));
    }

    public Outcome apply(LeadScored event) {
        if (event.occurredAt() == null) {
            return rewrite(event.leadId(), lead -> lead.applyScore(event, clock.instant()));
        }
        return write(event.leadId(), FunnelDecisions.change(event));
    }

    private Outcome write(String leadId, DecisionChange change) {
        return switch (decisions.write(leadId, change)) {
            case NEWEST, OLDER -> Outcome.APPLIED;
            case ALREADY_APPLIED -> Outcome.DUPLICATE;
            case UNKNOWN_LEAD -> Outcome.UNKNOWN_LEAD;
        };
    }

    /** Reads the lead, lets the aggregate take the event in, and writes the whole lead guarded by its version. */
    private Outcome rewrite(String leadId, Predicate<Lead> change) {
        return writes.write(leadId, "applying an event to lead " + leadId, () -> {
            Optional<Lead> found = leads.findLead(leadId);
            if (found.isEmpty()) {
                return Attempt.done(Outcome.UNKNOWN_LEAD);
            }
            Lead lead = found.get();
            if (!change.test(lead)) {
                return Attempt.done(Outcome.DUPLICATE);
            }
            return leads.update(lead) ? Attempt.done(Outcome.APPLIED) : Attempt.lostRace();
        });
    }
}
