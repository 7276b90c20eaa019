package io.leadfunnel.scoring.service;

import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.PreviewTally;
import io.leadfunnel.scoring.domain.ScoreCalculator;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a model version would do if it were activated: scores every current lead (not erased, not awaiting its
 * personal values) under it and under the active model at the same instant, in pages by lead id, and tallies the
 * difference. Reads only; publishes and stores nothing.
 */
@ApplicationScoped
public class ModelPreview {

    /** Default MQL threshold when neither the request nor the models give one. */
    static final int FALLBACK_THRESHOLD = 60;

    /** A preview's result. */
    public record Result(int version, int activeVersion, Instant evaluatedAt, PreviewTally.Report report) {
    }

    private final LeadScoringRepository states;
    private final ModelRepository models;
    private final ActiveModel activeModel;
    private final ScoringConfig.Preview config;
    private final Clock clock;

    public ModelPreview(LeadScoringRepository states, ModelRepository models, ActiveModel activeModel,
                        ScoringConfig config, Clock clock) {
        this.states = states;
        this.models = models;
        this.activeModel = activeModel;
        this.config = config.preview();
        this.clock = clock;
    }

    /**
     * @param threshold the MQL threshold to report crossings of; empty: the draft's, else the active model's
     * @return empty when the version does not exist
     */
    public Optional<Result> preview(int version, Optional<Integer> threshold) {
        Optional<ModelRepository.StoredModel> stored = models.find(version);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ScoringModel draft = stored.get().model();
        ScoringModel active = activeModel.current();
        int mql = threshold.orElse(draft.mqlThreshold() != null ? draft.mqlThreshold()
                : active.mqlThreshold() != null ? active.mqlThreshold() : FALLBACK_THRESHOLD);
        Instant now = clock.instant();
        PreviewTally tally = new PreviewTally(mql, config.sampleSize());
        String after = null;
        while (true) {
            List<LeadScoringState> page = states.page(after, config.batchSize());
            for (LeadScoringState lead : page) {
                if (lead.awaitingPersonalData()) {
                    // not scored until its personal values arrive: its profile is incomplete
                    continue;
                }
                tally.add(lead.leadId(),
                        ScoreCalculator.score(active, lead.profile(), lead.activities(), now),
                        ScoreCalculator.score(draft, lead.profile(), lead.activities(), now));
            }
            if (page.size() < config.batchSize()) {
                break;
            }
            after = page.get(page.size() - 1).leadId();
        }
        return Optional.of(new Result(version, active.version(), now, tally.report()));
    }
}
