package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version of the scoring model: the fit rules, the engagement rules with their decay, how the two combine into the
 * total, the grade bands and the MQL threshold. Values are nullable so an invalid draft can be held and every fault
 * reported ({@link ModelValidation}); {@link ScoreCalculator} only ever evaluates validated models.
 *
 * @param version          the model's version, given when the draft is stored (0 before)
 * @param description      what this version changes, for people
 * @param fitRules         fit rules, in priority order (the first match of a group wins)
 * @param activityRules    engagement rule per {@link ActivityType} name; types without a rule add nothing
 * @param halfLifeDays     an activity's points halve after this many days
 * @param horizonDays      activities older than this many days no longer count (and are not kept)
 * @param fitWeight        weight of the fit score in the total
 * @param engagementWeight weight of the engagement score in the total
 * @param gradeBasis       {@code fit} (the grade is the fit grade, the default) or {@code total}
 * @param gradeBands       grades from best to worst with the lowest score each needs; the last one starts at 0
 * @param mqlThreshold     the total score from which a lead counts as marketing-qualified by score; preview reports
 *                         crossings of it
 */
public record ScoringModel(int version, String description, List<FitRule> fitRules,
                           Map<String, ActivityRule> activityRules, Double halfLifeDays, Double horizonDays,
                           Double fitWeight, Double engagementWeight, String gradeBasis, List<GradeBand> gradeBands,
                           Integer mqlThreshold) {

    public static final String BASIS_FIT = "fit";
    public static final String BASIS_TOTAL = "total";

    public ScoringModel {
        // copies that tolerate null entries, so that validation can report them instead of failing here
        fitRules = fitRules == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(fitRules));
        activityRules = activityRules == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(activityRules));
        gradeBands = gradeBands == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(gradeBands));
        gradeBasis = gradeBasis == null ? BASIS_FIT : gradeBasis;
    }

    /** The same model under another version number. */
    public ScoringModel withVersion(int newVersion) {
        return new ScoringModel(newVersion, description, fitRules, activityRules, halfLifeDays, horizonDays,
                fitWeight, engagementWeight, gradeBasis, gradeBands, mqlThreshold);
    }

    public ActivityRule ruleFor(ActivityType type) {
        return activityRules.get(type.name());
    }

    /** How long activities count. */
    public Duration horizon() {
        return Duration.ofSeconds(Math.round(horizonDays * 86_400));
    }

    /** The grade a score earns: the first band (best first) whose minimum it reaches. */
    public String gradeOf(int fit, int total) {
        int basis = BASIS_TOTAL.equals(gradeBasis) ? total : fit;
        List<GradeBand> bestFirst = gradeBands.stream()
                .sorted(Comparator.comparingDouble(GradeBand::minScore).reversed()).toList();
        for (GradeBand band : bestFirst) {
            if (basis >= band.minScore()) {
                return band.grade();
            }
        }
        return bestFirst.get(bestFirst.size() - 1).grade();
    }

    /** The total from the rounded fit and engagement: their weighted average, rounded half up. */
    public int totalOf(int fit, int engagement) {
        double total = (fitWeight * fit + engagementWeight * engagement) / (fitWeight + engagementWeight);
        return ScoreCalculator.clamp(total);
    }
}
