package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.domain.Score;

import java.time.Instant;
import java.util.List;

/**
 * A lead's current scores with the reasons.
 *
 * @param scoredAt         when these values were first published
 * @param nextEvaluationAt when decay will next change them (null: it will not)
 */
public record ScoreView(String leadId, int fit, int engagement, int total, String grade, int modelVersion,
                        List<ReasonView> reasons, Instant scoredAt, Instant nextEvaluationAt) {

    /**
     * One rule that contributed.
     *
     * @param kind   {@code FIT} or {@code ENGAGEMENT}
     * @param points points contributed (engagement after decay and cap)
     */
    public record ReasonView(String kind, String rule, double points, String detail) {
    }

    static ScoreView of(String leadId, Score score, Instant scoredAt, Instant nextEvaluationAt) {
        return new ScoreView(leadId, score.fit(), score.engagement(), score.total(), score.grade(),
                score.modelVersion(), score.reasons().stream()
                .map(r -> new ReasonView(r.kind().name(), r.rule(), r.points(), r.detail())).toList(),
                scoredAt, nextEvaluationAt);
    }
}
