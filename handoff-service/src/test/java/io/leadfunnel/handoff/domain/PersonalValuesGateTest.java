package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.events.Stage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.handoff.domain.Samples.T0;
import static io.leadfunnel.handoff.domain.Samples.definition;
import static io.leadfunnel.handoff.domain.Samples.goodProfile;
import static io.leadfunnel.handoff.domain.Samples.profile;
import static io.leadfunnel.handoff.domain.Samples.score;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personal values of a profile event that left them to {@code lead.profiles}: the lead is judged only once they
 * are there, whichever came first, and a tombstone drops them without a decision.
 */
class PersonalValuesGateTest {

    private static final String LEAD = "lead-1";
    private static final PersonalValues APART = PersonalValues.ON_PROFILE_TOPIC;
    /** Every personal value of {@link Samples#goodProfile()}. */
    private static final List<String> PERSONAL = List.of("maria@acme-robotics.example", "Maria", "Keller",
            "Acme Robotics GmbH", "acme-robotics.example", "VP Operations");

    private static LeadPersonalData personal(long sequence, LeadProfile profile) {
        return LeadPersonalData.of(LEAD, sequence, T0, profile, Map.of());
    }

    /** The profile as lead.events carries it. */
    private static LeadProfile stripped(LeadProfile profile) {
        return profile.withoutPersonalValues();
    }

    private static LeadLifecycle reloaded(LeadLifecycle lead) {
        return new LeadLifecycle(lead.state());
    }

    /** The default sample definition, but requiring only the country: a stripped profile would meet it. */
    private static AgreedLeadDefinition countryOnlyDefinition() {
        AgreedLeadDefinition d = definition();
        MqlCriteria m = d.mql();
        return new AgreedLeadDefinition(d.version(), new MqlCriteria(m.minFitScore(), m.minTotalScore(), m.minGrade(),
                List.of("country"), m.exclusions()), d.sql(), d.sla(), d.recycling());
    }

    @Test
    void given_the_personal_data_first_when_the_event_comes_then_the_lead_is_judged_on_the_complete_profile() {
        // given the personal values, then a qualifying score
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        assertThat(lead.personalDataArrived(personal(1, goodProfile()))).isTrue();
        lead.scored(score(66, "A"));
        // when the capture without personal values comes
        lead.captured(1, stripped(goodProfile()), APART);
        // then it is judged on the complete profile: an MQL with every criterion passed
        assertThat(lead.awaitsPersonalValues()).isFalse();
        assertThat(lead.profile()).isEqualTo(goodProfile());
        assertThat(lead.evaluate(definition(), T0)).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
        assertThat(((LeadStageChanged) lead.pendingEvents().get(0)).criteria()).hasSize(8)
                .allMatch(CriterionResult::passed);
    }

    @Test
    void given_the_event_first_then_nothing_is_judged_until_the_personal_data_comes_and_it_qualifies() {
        // given the capture without personal values and a qualifying score
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.scored(score(66, "A"));
        // when it would be evaluated
        // then it is not: no evaluation kept, no event, still a LEAD awaiting its personal values
        assertThat(lead.awaitsPersonalValues()).isTrue();
        assertThat(lead.mayQualify(definition(), T0)).isFalse();
        assertThat(lead.evaluate(definition(), T0)).isEmpty();
        assertThat(lead.state().lastEvaluation()).isNull();
        assertThat(lead.pendingEvents()).isEmpty();
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);

        // when the personal values come (after a reload, as from the store)
        LeadLifecycle later = reloaded(lead);
        assertThat(later.awaitsPersonalValues()).isTrue();
        assertThat(later.personalDataArrived(personal(1, goodProfile()))).isTrue();
        // then it is judged as the complete profile would have been: an MQL
        assertThat(later.evaluate(definition(), T0)).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
        assertThat(later.stage()).isEqualTo(Stage.MQL);
        assertThat(later.profile()).isEqualTo(goodProfile());
    }

    @Test
    void a_student_is_never_judged_on_the_stripped_profile_and_is_excluded_once_the_title_comes() {
        // given a definition a profile without personal values would meet, and the capture without them
        AgreedLeadDefinition definition = countryOnlyDefinition();
        LeadProfile student = profile("s@uni.example", "PhD Student", "DE", 10);
        assertThat(definition.evaluateMql(new LeadFacts(stripped(student), score(99, "A"))).qualifies())
                .as("the stripped profile alone would qualify").isTrue();
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(student), APART);
        // when a qualifying score comes before the personal values
        lead.scored(score(99, "A"));
        // then no decision: no MQL on the stripped profile
        assertThat(lead.evaluate(definition, T0)).isEmpty();
        assertThat(lead.pendingEvents()).isEmpty();

        // when the personal values with the title come
        lead.personalDataArrived(personal(1, student));
        MqlEvaluation evaluation = lead.evaluate(definition, T0).orElseThrow();
        // then the title excludes it, quoting the definition's keyword, and it stays a LEAD
        assertThat(evaluation.failed()).containsExactly(new CriterionResult("mql.excludeStudentsAndJobSeekers", false,
                "student", "title without student,job seeker"));
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
        assertThat(lead.pendingEvents()).isEmpty();
    }

    @Test
    void personal_data_older_than_the_event_keeps_the_lead_waiting_and_the_matching_one_opens_the_gate() {
        // given a profile update at sequence 3 and the personal values of sequence 2
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.personalDataArrived(personal(2, goodProfile()));
        lead.profileChanged(3, stripped(goodProfile()), APART);
        lead.scored(score(66, "A"));
        // then it waits for the personal values of sequence 3
        assertThat(lead.awaitsPersonalValues()).isTrue();
        assertThat(lead.evaluate(definition(), T0)).isEmpty();
        // when they come, it is judged
        lead.personalDataArrived(personal(3, goodProfile()));
        assertThat(lead.evaluate(definition(), T0)).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
    }

    @Test
    void personal_data_newer_than_the_event_as_compaction_leaves_it_is_taken_and_judged() {
        // given the capture at sequence 1, and only the newest personal values (sequence 4) left on the topic
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.scored(score(66, "A"));
        LeadProfile newer = profile("maria@acme-robotics.example", "Head of Operations", "DE", 450);
        lead.personalDataArrived(personal(4, newer));
        // then the lead is judged on the capture's fields with the newest personal values
        assertThat(lead.awaitsPersonalValues()).isFalse();
        assertThat(lead.profile().title()).isEqualTo("Head of Operations");
        assertThat(lead.evaluate(definition(), T0)).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
    }

    @Test
    void older_personal_data_never_replaces_newer_and_the_same_record_again_changes_nothing() {
        // given the personal values of sequence 3
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(3, stripped(goodProfile()), APART);
        assertThat(lead.personalDataArrived(personal(3, goodProfile()))).isTrue();
        // when an older record comes late, then it is not taken
        assertThat(lead.personalDataArrived(personal(2, profile("old@acme.example", "Student", "DE", 450))))
                .isFalse();
        assertThat(lead.profile()).isEqualTo(goodProfile());
        // when the same record comes again, then it is taken and nothing changes
        LeadLifecycle.State before = lead.state();
        assertThat(lead.personalDataArrived(personal(3, goodProfile()))).isTrue();
        assertThat(lead.state()).isEqualTo(before);
    }

    @Test
    void a_tombstone_before_the_event_means_no_decision_and_no_personal_value_taken_later() {
        // given the tombstone of an erased lead, ahead of its capture and a qualifying score
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.personalDataErased();
        lead.captured(1, stripped(goodProfile()), APART);
        lead.scored(score(66, "A"));
        // when the personal values come late (a redelivery), then they are not taken
        assertThat(lead.personalDataArrived(personal(1, goodProfile()))).isFalse();
        // then the lead is never judged, and nothing personal is held
        assertThat(lead.evaluate(definition(), T0)).isEmpty();
        assertThat(lead.pendingEvents()).isEmpty();
        assertThat(reloaded(lead).state().toString()).doesNotContain(PERSONAL);
    }

    @Test
    void a_tombstone_after_the_event_drops_the_personal_values_and_no_decision_is_made_on_it() {
        // given a lead judged on its complete profile, below the score threshold
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.personalDataArrived(personal(1, goodProfile()));
        lead.scored(score(40, "A"));
        assertThat(lead.evaluate(definition(), T0)).hasValueSatisfying(e -> assertThat(e.qualifies()).isFalse());
        // when the tombstone comes, and then a qualifying score
        lead.personalDataErased();
        lead.scored(score(66, "A"));
        // then the personal values are gone and the lead is not judged again: its LeadErased will follow
        assertThat(lead.profile()).isEqualTo(stripped(goodProfile()));
        assertThat(lead.evaluate(definition(), T0)).isEmpty();
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
        assertThat(lead.pendingEvents()).isEmpty();
        assertThat(reloaded(lead).state().toString()).doesNotContain(PERSONAL);
    }

    @Test
    void a_tombstone_drops_the_personal_values_an_inline_profile_brought() {
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, goodProfile());
        lead.personalDataErased();
        lead.profileChanged(2, goodProfile());
        assertThat(lead.profile()).isEqualTo(stripped(goodProfile()));
        assertThat(lead.state().toString()).doesNotContain(PERSONAL);
    }

    @Test
    void personal_data_arriving_after_the_lead_was_erased_is_not_kept() {
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.erased(T0);
        assertThat(lead.personalDataArrived(personal(1, goodProfile()))).isFalse();
        assertThat(lead.state().toString()).doesNotContain(PERSONAL);
    }

    @Test
    void erasure_drops_the_personal_data_held() {
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.personalDataArrived(personal(1, goodProfile()));
        lead.erased(T0);
        assertThat(lead.state().personalData()).isNull();
        assertThat(reloaded(lead).state().toString()).doesNotContain(PERSONAL);
    }

    @Test
    void an_inline_profile_is_judged_at_once_as_before() {
        // given a capture with its personal values in the profile (the events written before they moved)
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, goodProfile());
        lead.scored(score(66, "A"));
        // then nothing is awaited, and it qualifies on that profile
        assertThat(lead.awaitsPersonalValues()).isFalse();
        assertThat(lead.state().personalValues()).isEqualTo(PersonalValues.INLINE);
        assertThat(lead.profile()).isEqualTo(goodProfile());
        assertThat(lead.evaluate(definition(), T0)).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void a_newer_update_without_personal_values_closes_the_gate_for_a_recycled_lead_until_they_come() {
        // given a recycled lead past its waiting time
        AgreedLeadDefinition definition = definition(Duration.ZERO, 2);
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, goodProfile());
        lead.scored(score(66, "A"));
        lead.evaluate(definition, T0);
        lead.assign(new RoutingDecision("jonas", "dach", "territory-dach", null), definition, T0);
        lead.reject(Actor.user("jonas"), RejectReason.TOO_EARLY, null, definition, T0);
        // when its profile is updated with the personal values apart
        lead.profileChanged(2, stripped(goodProfile()), APART);
        // then it is not judged until they come
        assertThat(lead.evaluate(definition, T0.plusSeconds(1))).isEmpty();
        lead.personalDataArrived(personal(2, goodProfile()));
        assertThat(lead.evaluate(definition, T0.plusSeconds(1))).hasValueSatisfying(e -> assertThat(e.qualifies())
                .isTrue());
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void the_published_stage_change_and_the_kept_evaluation_quote_no_personal_value() {
        // given a lead qualified once its personal values came
        LeadLifecycle lead = LeadLifecycle.unknown(LEAD);
        lead.captured(1, stripped(goodProfile()), APART);
        lead.scored(score(66, "A"));
        lead.personalDataArrived(personal(1, goodProfile()));
        lead.evaluate(definition(), T0);
        // then the LeadStageChanged, as published, and the last evaluation hold none of them
        List<LifecycleEvent> events = lead.pendingEvents();
        assertThat(events).hasSize(1);
        String published = FunnelJson.write(events.get(0));
        assertThat(published).contains("\"to\":\"MQL\"").doesNotContain(PERSONAL).doesNotContain("acme-robotics");
        assertThat(lead.state().lastEvaluation().toString()).doesNotContain(PERSONAL);
    }
}
