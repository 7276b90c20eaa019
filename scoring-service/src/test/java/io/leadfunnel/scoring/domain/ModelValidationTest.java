package io.leadfunnel.scoring.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelValidationTest {

    @Test
    void the_default_model_is_valid() {
        assertThat(ModelValidation.faults(DefaultModel.create())).isEmpty();
    }

    @Test
    void every_bad_field_is_named() {
        // given a draft with faults everywhere
        Map<String, ActivityRule> activities = new LinkedHashMap<>();
        activities.put("DEMO_REQUESTED", new ActivityRule(Double.POSITIVE_INFINITY, 40d));
        activities.put("FAX_SENT", new ActivityRule(1d, 1d));
        ScoringModel draft = new ScoringModel(0, "bad", List.of(
                FitRule.in("fit.x", "shoeSize", 10, null, "42"),
                new FitRule("fit.x", "companySize", "in", List.of("big"), null, null, Double.NaN, null),
                FitRule.range("fit.size", "companySize", 5, null, 100d, 10d)),
                activities, 0d, 180d, -1d, 0.4, "mood",
                List.of(new GradeBand("A", 50d), new GradeBand("B", 75d), new GradeBand("C", 0d)), 120);

        // when validated
        List<ModelValidation.Fault> faults = ModelValidation.faults(draft);

        // then
        assertThat(faults).extracting(ModelValidation.Fault::field).containsExactlyInAnyOrder(
                "/fitRules/0/attribute",
                "/fitRules/1/id", "/fitRules/1/points", "/fitRules/1/match",
                "/fitRules/2/max",
                "/activityRules/DEMO_REQUESTED/points", "/activityRules/FAX_SENT",
                "/halfLifeDays", "/fitWeight", "/gradeBasis", "/gradeBands/1/minScore", "/mqlThreshold");
    }

    @Test
    void null_entries_are_faults_not_failures() {
        ScoringModel model = DefaultModel.create();
        List<FitRule> rules = new java.util.ArrayList<>();
        rules.add(null);
        rules.add(new FitRule("fit.t", "title", "contains", java.util.Arrays.asList("vp", null), null, null, 1d,
                null));
        List<GradeBand> bands = new java.util.ArrayList<>();
        bands.add(null);
        bands.add(new GradeBand("D", 0d));
        ScoringModel draft = new ScoringModel(0, null, rules, model.activityRules(), 30d, 180d, 1d, 1d, "fit",
                bands, 60);
        assertThat(ModelValidation.faults(draft)).extracting(ModelValidation.Fault::field)
                .containsExactly("/fitRules/0", "/fitRules/1/values", "/gradeBands/0");
    }

    @Test
    void the_last_grade_band_must_start_at_zero() {
        ScoringModel model = DefaultModel.create();
        ScoringModel draft = new ScoringModel(0, null, model.fitRules(), model.activityRules(), 30d, 180d, 1d, 1d,
                "fit", List.of(new GradeBand("A", 50d), new GradeBand("B", 10d)), 60);
        assertThat(ModelValidation.faults(draft)).extracting(ModelValidation.Fault::field)
                .containsExactly("/gradeBands/1/minScore");
    }
}
