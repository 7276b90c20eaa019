package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.domain.ActivityRule;
import io.leadfunnel.scoring.domain.FitRule;
import io.leadfunnel.scoring.domain.GradeBand;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.service.ModelCatalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A model version as the API shows it. */
public record ModelView(int version, String status, String description, List<FitRule> fitRules,
                        Map<String, ActivityRule> activityRules, Double halfLifeDays, Double horizonDays,
                        Double fitWeight, Double engagementWeight, String gradeBasis, List<GradeBand> gradeBands,
                        Integer mqlThreshold, Instant createdAt, String createdBy, Instant activatedAt) {

    static ModelView of(ModelCatalog.Entry entry) {
        ScoringModel m = entry.stored().model();
        return new ModelView(m.version(), entry.status().name(), m.description(), m.fitRules(), m.activityRules(),
                m.halfLifeDays(), m.horizonDays(), m.fitWeight(), m.engagementWeight(), m.gradeBasis(),
                m.gradeBands(), m.mqlThreshold(), entry.stored().createdAt(), entry.stored().createdBy(),
                entry.stored().activatedAt());
    }
}
