package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.LeadProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.leadfunnel.handoff.domain.Samples.definition;
import static io.leadfunnel.handoff.domain.Samples.goodProfile;
import static io.leadfunnel.handoff.domain.Samples.profile;
import static io.leadfunnel.handoff.domain.Samples.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgreedLeadDefinitionTest {

    @Test
    void a_lead_meeting_every_criterion_qualifies_and_every_criterion_records_its_observed_value_but_no_personal_one() {
        // given a definition and a lead above the thresholds with the required fields
        AgreedLeadDefinition definition = definition();
        // when it is evaluated
        MqlEvaluation result = definition.evaluateMql(new LeadFacts(goodProfile(), score(66, "A")));
        // then it qualifies, and each criterion is there with what was observed and expected; the exclusions judged on
        // personal values (e-mail domain, company domain, title) observe nothing, since none of their entries matched
        assertThat(result.qualifies()).isTrue();
        assertThat(result.definitionVersion()).isEqualTo(2);
        assertThat(result.criteria()).containsExactly(
                new CriterionResult("mql.minFitScore", true, "66", ">= 50"),
                new CriterionResult("mql.minTotalScore", true, "66", ">= 60"),
                new CriterionResult("mql.minGrade", true, "A", "B or better"),
                new CriterionResult("mql.requiredFields", true, "email,company,country", "email,company,country"),
                new CriterionResult("mql.excludeFreeMail", true, null, "not a free-mail domain"),
                new CriterionResult("mql.excludeCountries", true, "DE", "not in KP"),
                new CriterionResult("mql.excludeCompetitors", true, null, "not a competitor"),
                new CriterionResult("mql.excludeStudentsAndJobSeekers", true, null,
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
    void an_exclusion_observes_the_definitions_own_entry_that_matched_not_the_leads_value() {
        // given leads excluded by their mail domain, company domain and title
        LeadFacts freeMail = new LeadFacts(profile("Maria.Keller@GMAIL.com", "CTO", "DE", 10), score(99, "A"));
        LeadFacts competitor = new LeadFacts(new LeadProfile("maria@rival.example", "Maria", "Keller", "Rival AG",
                "RIVAL.example", "CTO", "DE", null, 10, null, null, null, null), score(99, "A"));
        LeadFacts student = new LeadFacts(profile("s@uni.example", "PhD Student in Robotics", "DE", 10),
                score(99, "A"));
        // when they are evaluated
        // then each failed exclusion quotes the definition's free-mail domain, competitor domain or title keyword
        assertThat(definition().evaluateMql(freeMail).failed()).containsExactly(
                new CriterionResult("mql.excludeFreeMail", false, "gmail.com", "not a free-mail domain"));
        assertThat(definition().evaluateMql(competitor).failed()).containsExactly(
                new CriterionResult("mql.excludeCompetitors", false, "rival.example", "not a competitor"));
        assertThat(definition().evaluateMql(student).failed()).containsExactly(new CriterionResult(
                "mql.excludeStudentsAndJobSeekers", false, "student", "title without student,job seeker"));
    }

    @Test
    void no_criterion_quotes_a_personal_value_of_the_lead_whether_it_passes_or_fails() {
        // given a lead whose every personal value is a marker, once passing and once failing every exclusion
        LeadProfile passing = new LeadProfile("zq-mail@zq-domain.example", "ZqFirst", "ZqLast", "ZqCompany",
                "zq-company.example", "ZqTitle", "DE", "Manufacturing", 10, null, null, null, null);
        LeadProfile failing = new LeadProfile("zq-mail@gmail.com", "ZqFirst", "ZqLast", "ZqCompany",
                "rival.example", "ZqTitle job seeker", "KP", "Manufacturing", 10, null, null, null, null);
        for (LeadProfile profile : List.of(passing, failing)) {
            // when it is evaluated
            MqlEvaluation result = definition().evaluateMql(new LeadFacts(profile, score(99, "A")));
            // then no observed value holds any of them
            assertThat(result.criteria()).extracting(CriterionResult::observed)
                    .allSatisfy(observed -> assertThat(String.valueOf(observed)).doesNotContainIgnoringCase("zq"));
        }
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
        assertThatThrownBy(() -> new MqlCriteria(null, null, null, List.of("shoeSize"), null))
                .hasMessageContaining("shoeSize");
    }
}
