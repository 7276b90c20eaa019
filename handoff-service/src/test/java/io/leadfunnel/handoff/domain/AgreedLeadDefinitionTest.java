package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.CriterionResult;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.leadfunnel.handoff.domain.Samples.definition;
import static io.leadfunnel.handoff.domain.Samples.goodProfile;
import static io.leadfunnel.handoff.domain.Samples.profile;
import static io.leadfunnel.handoff.domain.Samples.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgreedLeadDefinitionTest {

    @Test
    void a_lead_meeting_every_criterion_qualifies_and_every_criterion_records_its_observed_value() {
        // given a definition and a lead above the thresholds with the required fields
        AgreedLeadDefinition definition = definition();
        // when it is evaluated
        MqlEvaluation result = definition.evaluateMql(new LeadFacts(goodProfile(), score(66, "A")));
        // then it qualifies, and each criterion is there with what was observed and expected
        assertThat(result.qualifies()).isTrue();
        assertThat(result.definitionVersion()).isEqualTo(2);
        assertThat(result.criteria()).containsExactly(
                new CriterionResult("mql.minFitScore", true, "66", ">= 50"),
                new CriterionResult("mql.minTotalScore", true, "66", ">= 60"),
                new CriterionResult("mql.minGrade", true, "A", "B or better"),
                new CriterionResult("mql.requiredFields", true, "email,company,country", "email,company,country"),
                new CriterionResult("mql.excludeFreeMail", true, "acme-robotics.example", "not a free-mail domain"),
                new CriterionResult("mql.excludeCountries", true, "DE", "not in KP"),
                new CriterionResult("mql.excludeCompetitors", true, "acme-robotics.example", "not a competitor"),
                new CriterionResult("mql.excludeStudentsAndJobSeekers", true, "VP Operations",
                        "title without student,job seeker"));
    }

    @Test
    void a_lead_without_a_score_fails_the_score_criteria_with_nothing_observed() {
        MqlEvaluation result = definition().evaluateMql(new LeadFacts(goodProfile(), null));
        assertThat(result.qualifies()).isFalse();
        assertThat(result.failed()).extracting(CriterionResult::criterion)
                .containsExactly("mql.minFitScore", "mql.minTotalScore", "mql.minGrade");
        assertThat(result.failed()).allSatisfy(c -> assertThat(c.observed()).isNull());
    }

    @Test
    void each_exclusion_disqualifies_whatever_the_score() {
        LeadFacts freeMail = new LeadFacts(profile("maria@gmail.com", "CTO", "DE", 10), score(99, "A"));
        LeadFacts student = new LeadFacts(profile("s@uni.example", "PhD Student", "DE", 10), score(99, "A"));
        LeadFacts competitor = new LeadFacts(profile("spy@rival.example", "CTO", "DE", 10), score(99, "A"));
        LeadFacts embargo = new LeadFacts(profile("x@y.example", "CTO", "kp", 10), score(99, "A"));

        assertThat(definition().evaluateMql(freeMail).failed()).extracting(CriterionResult::criterion)
                .containsExactly("mql.excludeFreeMail");
        assertThat(definition().evaluateMql(student).failed()).extracting(CriterionResult::criterion)
                .containsExactly("mql.excludeStudentsAndJobSeekers");
        assertThat(definition().evaluateMql(competitor).failed()).extracting(CriterionResult::criterion)
                .containsExactly("mql.excludeCompetitors");
        assertThat(definition().evaluateMql(embargo).failed()).extracting(CriterionResult::criterion)
                .containsExactly("mql.excludeCountries");
    }

    @Test
    void a_missing_required_field_and_a_low_grade_fail_with_what_was_found() {
        LeadFacts facts = new LeadFacts(profile("maria@acme.example", "CTO", null, 10), score(70, "C"));
        MqlEvaluation result = definition().evaluateMql(facts);
        assertThat(result.failed()).containsExactly(
                new CriterionResult("mql.minGrade", false, "C", "B or better"),
                new CriterionResult("mql.requiredFields", false, "email,company", "email,company,country"));
    }

    @Test
    void the_sql_checklist_names_exactly_the_required_items_left_blank() {
        AgreedLeadDefinition definition = definition();
        assertThat(definition.missingForSql(Map.of(ChecklistItem.BUDGET, "50k approved",
                ChecklistItem.TIMELINE, " ", ChecklistItem.MAIN_COMPETITOR, "Globex")))
                .containsExactly(ChecklistItem.BUYING_CENTER, ChecklistItem.TIMELINE);
    }

    @Test
    void a_definition_refuses_unknown_fields_and_grades() {
        assertThatThrownBy(() -> new MqlCriteria(null, null, "E", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MqlCriteria(null, null, null, java.util.List.of("shoeSize"), null))
                .hasMessageContaining("shoeSize");
    }
}
