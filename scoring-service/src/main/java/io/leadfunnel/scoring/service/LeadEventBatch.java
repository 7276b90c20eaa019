package io.leadfunnel.scoring.service;

import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Applies a poll of lead events ({@link ScoringBatch}: one read, one bulk write, at most one {@code LeadScored} per
 * lead). Every event that changes a lead's state has it scored again, as one at a time.
 */
@ApplicationScoped
public class LeadEventBatch {

    private static final ScoringBatch.Rule<LeadEvent> EVENTS = new ScoringBatch.Rule<>() {
        @Override
        public ScoringBatch.Step apply(LeadScoringState state, LeadEvent event, ScoringModel model, Instant now) {
            return state.apply(event, model, now) ? ScoringBatch.Step.RESCORES : ScoringBatch.Step.UNCHANGED;
        }

        @Override
        public String type(LeadEvent event) {
            return event.type();
        }
    };

    private final ScoringBatch batch;

    public LeadEventBatch(ScoringBatch batch) {
        this.batch = batch;
    }

    /** Applies the leads' events; returns what became of each and the poison among them. */
    public ScoringBatch.Applied apply(Map<String, List<LeadPoll.Entry<LeadEvent>>> leads) {
        return batch.apply(leads, EVENTS);
    }
}
