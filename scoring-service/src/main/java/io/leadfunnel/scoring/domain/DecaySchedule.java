package io.leadfunnel.scoring.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a lead's published score will next change by decay alone, so that only leads whose score really moves are
 * re-evaluated.
 * <p>
 * Engagement never rises without a new activity: each term decays and activities leave the horizon, so raw
 * engagement is non-increasing in time. The published values change when the rounded engagement reaches a target
 * value; the target is {@code step} points below the current engagement, or the first value above that where the
 * total crosses the MQL threshold or the grade changes (whichever comes first). The instant the raw engagement falls
 * below {@code target + 0.5} is found by bisection to the second, bounded by the instant the newest activity leaves
 * the horizon (engagement 0 from there).
 */
public final class DecaySchedule {

    private DecaySchedule() {
    }

    /**
     * @param current the score just computed at {@code now} under {@code model}
     * @param step    how many engagement points must be lost before the lead is re-evaluated (1 for every change)
     * @return when to re-evaluate, or empty when decay can no longer change a published value
     */
    public static Optional<Instant> nextEvaluation(ScoringModel model, List<Activity> activities, Score current,
                                                   Instant now, int step) {
        if (current.engagement() <= 0 || activities.isEmpty()) {
            return Optional.empty();
        }
        int target = Math.max(0, current.engagement() - Math.max(1, step));
        for (int e = current.engagement() - 1; e > target; e--) {
            int total = model.totalOf(current.fit(), e);
            boolean crossesThreshold = model.mqlThreshold() != null
                    && total < model.mqlThreshold() && current.total() >= model.mqlThreshold();
            if (crossesThreshold || !model.gradeOf(current.fit(), total).equals(current.grade())) {
                target = e;
                break;
            }
        }
        double below = target + 0.5;
        Instant newest = activities.stream().map(Activity::occurredAt).max(Instant::compareTo).orElseThrow();
        long lo = now.getEpochSecond();
        long hi = Math.max(lo, newest.plus(model.horizon()).getEpochSecond());
        if (ScoreCalculator.rawEngagement(model, activities, Instant.ofEpochSecond(hi)) >= below) {
            return Optional.empty();
        }
        // invariant: engagement(lo) >= below (or lo == now), engagement(hi) < below
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (ScoreCalculator.rawEngagement(model, activities, Instant.ofEpochSecond(mid)) < below) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Optional.of(Instant.ofEpochSecond(hi));
    }
}
