package io.leadfunnel.lead.service;

import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.lead.domain.DecisionChange;
import io.leadfunnel.lead.domain.FunnelDecisions;
import io.leadfunnel.lead.repository.LeadDecisionStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the stage, owner and latest score that other services own on the lead, for sales-ops queries. Idempotent on
 * event id; the newest event by time wins, whatever the order of arrival. An event is written without reading the
 * lead, as the few fields it changes ({@link LeadDecisionStore}): every event carries its time, so the ordering rule
 * is always a condition the update's filter can state.
 */
@ApplicationScoped
public class LeadReadModel {

    /** What became of an incoming event. */
    public enum Outcome { APPLIED, DUPLICATE, UNKNOWN_LEAD }

    private final LeadDecisionStore decisions;

    public LeadReadModel(LeadDecisionStore decisions) {
        this.decisions = decisions;
    }

    public Outcome apply(LifecycleEvent event) {
        return write(event.leadId(), FunnelDecisions.change(event));
    }

    public Outcome apply(LeadScored event) {
        return write(event.leadId(), FunnelDecisions.change(event));
    }

    private Outcome write(String leadId, DecisionChange change) {
        return switch (decisions.write(leadId, change)) {
            case NEWEST, OLDER -> Outcome.APPLIED;
            case ALREADY_APPLIED -> Outcome.DUPLICATE;
            case UNKNOWN_LEAD -> Outcome.UNKNOWN_LEAD;
        };
    }
}
