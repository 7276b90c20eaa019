package io.leadfunnel.lead.service;

import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Keeps the stage, owner and latest score that other services own on the lead, for sales-ops queries. Idempotent on
 * event id; the newest event by time wins, whatever the order of arrival.
 */
@ApplicationScoped
public class LeadReadModel {

    /** What became of an incoming event. */
    public enum Outcome { APPLIED, DUPLICATE, UNKNOWN_LEAD }

    private final LeadRepository leads;
    private final Clock clock;
    private final LeadWrites writes;

    public LeadReadModel(LeadRepository leads, Clock clock, LeadWrites writes) {
        this.leads = leads;
        this.clock = clock;
        this.writes = writes;
    }

    public Outcome apply(LifecycleEvent event) {
        return apply(event.leadId(), lead -> lead.applyLifecycle(event, clock.instant()));
    }

    public Outcome apply(LeadScored event) {
        return apply(event.leadId(), lead -> lead.applyScore(event, clock.instant()));
    }

    private Outcome apply(String leadId, Predicate<Lead> change) {
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
