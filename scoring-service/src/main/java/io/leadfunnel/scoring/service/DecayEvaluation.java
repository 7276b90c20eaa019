package io.leadfunnel.scoring.service;

import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

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

    private final LeadScoringRepository states;
    private final ActiveModel activeModel;
    private final OutboxSignal signal;
    private final ScoringConfig.Decay config;
    private final Clock clock;
    private final Counter evaluated;

    public DecayEvaluation(LeadScoringRepository states, ActiveModel activeModel, OutboxSignal signal,
                           ScoringConfig config, Clock clock, MeterRegistry registry) {
        this.states = states;
        this.activeModel = activeModel;
        this.signal = signal;
        this.config = config.decay();
        this.clock = clock;
        this.evaluated = Counter.builder("funnel.scoring.decay.evaluated")
                .description("Leads re-scored because their decay time passed").register(registry);
    }

    @Scheduled(every = "${funnel.scoring.decay.interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (activeModel.ready()) {
            evaluateDue();
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
            boolean published = false;
            for (LeadScoringState state : due) {
                published |= state.rescore(model, now, LeadScoringState.TRIGGER_DECAY, config.engagementStep())
                        .isPresent();
            }
            int written = states.saveAll(due, now);
            done += written;
            evaluated.increment(written);
            if (published) {
                signal.wake();
            }
            if (due.size() < config.batchSize()) {
                break;
            }
        }
        return done;
    }
}
