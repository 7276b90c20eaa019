package io.leadfunnel.scoring.service;

import io.leadfunnel.runtime.schedule.ScheduledPass;
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
 * scheduler asks the index for the leads whose time has passed, in batches, re-scores only those and stores the new
 * next time. Leads without engagement left to lose are never looked at.
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

    public DecayEvaluation(LeadScoringRepository states, ActiveModel activeModel,
                           ScoringConfig config, Clock clock, MeterRegistry registry, LeadLocks locks) {
        this.states = states;
        this.locks = locks;
        this.activeModel = activeModel;
        this.config = config.decay();
        this.clock = clock;
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
    public int evaluateDue() {
        int done = 0;
        for (int batch = 0; batch < config.maxBatchesPerRun(); batch++) {
            Instant now = clock.instant();
            ScoringModel model = activeModel.current();
            List<LeadScoringState> due = states.dueForEvaluation(now, config.batchSize());
            if (due.isEmpty()) {
                break;
            }
            int written = 0;
            for (LeadScoringState candidate : due) {
                Rescored rescored = locks.withLock(candidate.leadId(), () -> rescoreOnce(candidate, model, now));
                if (rescored != null) {
                    written++;
                }
            }
            done += written;
            evaluated.increment(written);
            if (due.size() < config.batchSize()) {
                break;
            }
        }
        return done;
    }

    /** A lead re-scored and stored (its LeadScored, if any, handed to the relay by the store). */
    private record Rescored() {
    }

    /**
     * One read-change-write of a due lead, under its lock: re-reads it, re-scores it and writes it with its version
     * check. Null when another writer came first (since the batch was read, or meanwhile); the lead is left for a
     * later pass, as a lost race always was.
     */
    private Rescored rescoreOnce(LeadScoringState candidate, ScoringModel model, Instant now) {
        LeadScoringState state = states.findState(candidate.leadId())
                .filter(s -> s.version() == candidate.version()).orElse(null);
        if (state == null) {
            return null;
        }
        state.rescore(model, now, LeadScoringState.TRIGGER_DECAY, config.engagementStep());
        return states.save(state, now) ? new Rescored() : null;
    }
}
