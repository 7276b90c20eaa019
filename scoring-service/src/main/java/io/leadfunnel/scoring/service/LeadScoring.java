package io.leadfunnel.scoring.service;

import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Applies one lead event to a scoring state and re-scores the lead, storing state and any LeadScored event in one
 * write. A write that loses a race with another writer (decay, re-scoring, the relay, the consumers) reloads and tries
 * again. The consumers apply a poll at a time ({@link ScoringBatch}).
 */
@ApplicationScoped
public class LeadScoring {

    /** What became of one event. */
    public enum Outcome { APPLIED, DUPLICATE }

    private final LeadScoringRepository states;
    private final ActiveModel activeModel;
    private final ScoringConfig config;
    private final Clock clock;
    private final OptimisticWrite write;

    public LeadScoring(LeadScoringRepository states, ActiveModel activeModel,
                       ScoringConfig config, Clock clock, LeadLocks locks) {
        this.states = states;
        this.activeModel = activeModel;
        this.config = config;
        this.clock = clock;
        this.write = new OptimisticWrite(locks, config.maxWriteAttempts(), LeadScoring::backOff,
                leadId -> new ConcurrentScoringUpdateException(leadId, config.maxWriteAttempts()));
    }

    public Outcome apply(LeadEvent event) {
        return update(event.leadId(), () -> applyOnce(event));
    }

    private Outcome update(String leadId, Supplier<Outcome> once) {
        return write.write(leadId, leadId, () -> {
            Outcome attempt = once.get();
            return attempt == null ? Attempt.lostRace() : Attempt.done(attempt);
        });
    }

    /** One read-change-write of the lead's state; null when another writer came first. */
    private Outcome applyOnce(LeadEvent event) {
        ScoringModel model = activeModel.current();
        Instant now = clock.instant();
        LeadScoringState state = states.findState(event.leadId())
                .orElseGet(() -> LeadScoringState.create(event.leadId()));
        if (!state.apply(event, model, now)) {
            return Outcome.DUPLICATE;
        }
        state.rescore(model, now, LeadScoringState.TRIGGER_EVENT, config.decay().engagementStep());
        if (!states.save(state, now)) {
            return null;
        }
        return Outcome.APPLIED;
    }

    /** A random pause that grows with the lost races, so writers racing for one lead spread out. */
    static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10) + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
