package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.domain.ActivityRule;
import io.leadfunnel.scoring.domain.FitRule;
import io.leadfunnel.scoring.domain.GradeBand;
import io.leadfunnel.scoring.domain.ScoringModel;

import java.util.List;
import java.util.Map;

/**
 * A draft scoring model as a client sends it. There is no version or status: the service assigns the version, and
 * only activation makes a model active. The rule records are the domain's value types.
 */
public record ModelRequest(String description, List<FitRule> fitRules, Map<String, ActivityRule> activityRules,
                           Double halfLifeDays, Double horizonDays, Double fitWeight, Double engagementWeight,
                           String gradeBasis, List<GradeBand> gradeBands, Integer mqlThreshold) {

    ScoringModel toDraft() {
        return new ScoringModel(0, description, fitRules, activityRules, halfLifeDays, horizonDays, fitWeight,
                engagementWeight, gradeBasis, gradeBands, mqlThreshold);
    }
}
