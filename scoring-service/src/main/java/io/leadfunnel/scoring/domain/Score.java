package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ScoreReason;

import java.util.List;

/**
 * A lead's scores under one model at one instant.
 *
 * @param rawEngagement the engagement before rounding, which decay keeps lowering between published values
 */
public record Score(int fit, int engagement, int total, String grade, int modelVersion, List<ScoreReason> reasons,
                    double rawEngagement) {

    public Score {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** Whether a published value (fit, engagement, total, grade) differs; reasons and model version alone do not. */
    public boolean differsFrom(Score other) {
        return other == null || fit != other.fit || engagement != other.engagement || total != other.total
                || !grade.equals(other.grade);
    }
}
