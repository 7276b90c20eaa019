package io.leadfunnel.scoring.rest;

import io.leadfunnel.events.ScoreReason;

import java.time.Instant;
import java.util.List;

/**
 * A lead's current scores with the reasons.
 *
 * @param scoredAt         when these values were first published
 * @param nextEvaluationAt when decay will next change them (null: it will not)
 */
public record ScoreView(String leadId, int fit, int engagement, int total, String grade, int modelVersion,
                        List<ScoreReason> reasons, Instant scoredAt, Instant nextEvaluationAt) {
}
