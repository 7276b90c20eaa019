package io.leadfunnel.scoring.service;

import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Lets scores fall as time passes, at bounded cost: each lead stores when decay will next change one of its
 * published values ({@code nextEvaluationAt}, from {@link io.leadfunnel.scoring.domain.DecaySchedule}); this
 * scheduler finds the leads whose time has passed, in batches, re-scores only those and stores the new next time.
 * Leads without engagement left to lose are never looked at.
 *
 * <p>A run finds the due leads in memory ({@link DueTimeIndex}, told every time this instance's writes store), not by
 * a query on {@code nextEvaluationAt}, which the embedded engine answers by scanning every stored score under the
 * collection's lock. The first run, and then one every {@code funnel.scoring.decay.sweep-interval}, reads every stored
 * time into the index first (one scan), for the times another instance stored. While the index is not complete (more
 * times stored than it holds), a run asks the store.
 */
@ApplicationScoped
public class DecayEvaluation {

    private static final Logger LOG = Logger.getLogger(DecayEvaluation.class);

    private final ScheduledPass pass = new ScheduledPass("the score decay pass", LOG);

    private final LeadScoringRepository states;
    private final ActiveModel activeModel;
    private final ScoringConfig.Decay config;
    private final Clock clock;
    private final Counter evaluated;
    private final LeadLocks locks;
    private final DueTimeIndex due;

    public DecayEvaluation(LeadScoringRepository states, ActiveModel activeModel, ScoringConfig config, Clock clock,
                           MeterRegistry registry, LeadLocks locks, DueTimeIndex due) {
        this.states = states;
        this.locks = locks;
        this.activeModel = activeModel;
        this.config = config.decay();
        this.clock = clock;
        this.due = due;
        this.evaluated = Counter.builder("funnel.scoring.decay.evaluated")
                .description("Leads re-scored because their decay time passed").register(registry);
    }

    @Scheduled(every = "${funnel.scoring.decay.interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (activeModel.ready()) {
            pass.run(this::evaluateDue);
        }
    }

    /**
     * Re-scores the leads whose next evaluation time has passed, up to the configured number of batches.
     *
     * @return how many leads were re-scored and stored
     */
    public synchronized int evaluateDue() {
        sweepWhenDue();
        int done = 0;
        for (int batch = 0; batch < config.maxBatchesPerRun(); batch++) {
            Instant now = clock.instant();
            ScoringModel model = activeModel.current();
            List<String> dueLeads = due.complete() ? due.due(now, config.batchSize())
                    : states.dueForEvaluation(now, config.batchSize());
            if (dueLeads.isEmpty()) {
                break;
            }
            int written = 0;
            for (String leadId : dueLeads) {
                Rescored rescored = locks.withLock(leadId, () -> rescoreOnce(leadId, model, now));
                if (rescored != null) {
                    written++;
                }
            }
            done += written;
            evaluated.increment(written);
            if (dueLeads.size() < config.batchSize()) {
                break;
            }
        }
        return done;
    }

    /** Reads every stored next evaluation time into the index at the first run and then once per sweep interval. */
    private void sweepWhenDue() {
        int stored = due.sweepWhenDue(config.sweepInterval(), states::storedEvaluationTimes);
        if (stored >= 0) {
            LOG.debugf("decay times swept: %s stored, %s held, complete: %s", Integer.valueOf(stored),
                    Integer.valueOf(due.size()), Boolean.valueOf(due.complete()));
        }
    }

    /** A lead re-scored and stored (its LeadScored, if any, handed to the relay by the store). */
    private record Rescored() {
    }

    /**
     * One read-change-write of a lead found due, under its lock: reads it, re-scores it if its stored time has passed
     * and writes it with its version check (the write indexes the new time). Null when it is gone or not due as stored
     * (the index then takes the stored time), or when another writer came first meanwhile: the lead is left for a
     * later run, as a lost race always was.
     */
    private Rescored rescoreOnce(String leadId, ScoringModel model, Instant now) {
        LeadScoringState state = states.findState(leadId).orElse(null);
        if (state == null || state.nextEvaluationAt() == null || state.nextEvaluationAt().isAfter(now)) {
            due.set(leadId, state == null ? null : state.nextEvaluationAt());
            return null;
        }
        state.rescore(model, now, LeadScoringState.TRIGGER_DECAY, config.engagementStep());
        return states.save(state, now) ? new Rescored() : null;
    }
}
