package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.domain.PreviewTally;
import io.leadfunnel.scoring.service.ModelPreview;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What activating a version would change, compared with the active model at the same instant.
 *
 * @param crossedUp   leads below {@code mqlThreshold} under the active model and at or above it under this version
 * @param crossedDown leads at or above it under the active model and below it under this version
 * @param roseAbove   ids of some of the leads that cross up (at most the configured sample size)
 * @param fellBelow   ids of some of the leads that cross down
 */
public record PreviewView(int version, int activeVersion, Instant evaluatedAt, int mqlThreshold, long leads,
                          long gradeChanges, Map<String, Long> gradeMoves, long crossedUp, long crossedDown,
                          List<String> roseAbove, List<String> fellBelow, DistributionView before,
                          DistributionView after) {

    /**
     * Totals of all leads under one model.
     *
     * @param totals leads per total-score bucket of ten ({@code 90-100} includes 100)
     * @param median the lower median total
     */
    public record DistributionView(Map<String, Long> totals, Double mean, Integer median, long atOrAboveThreshold,
                                   Map<String, Long> grades) {

        static DistributionView of(PreviewTally.Distribution d) {
            return new DistributionView(d.totals(), d.mean(), d.median(), d.atOrAboveThreshold(), d.grades());
        }
    }

    static PreviewView of(ModelPreview.Result result) {
        PreviewTally.Report r = result.report();
        return new PreviewView(result.version(), result.activeVersion(), result.evaluatedAt(), r.mqlThreshold(),
                r.leads(), r.gradeChanges(), r.gradeMoves(), r.crossedUp(), r.crossedDown(), r.roseAbove(),
                r.fellBelow(), DistributionView.of(r.before()), DistributionView.of(r.after()));
    }
}
