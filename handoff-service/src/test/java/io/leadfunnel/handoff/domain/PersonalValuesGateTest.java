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
import io.leadfunnel.testing.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Given a lead handoff-service has not seen. */
    private static Scenario<LeadLifecycle, LifecycleEvent> unknownLead() {
        return Scenario.given(() -> LeadLifecycle.unknown(LEAD), LeadLifecycle::pendingEvents);
    }

    /** Given a lead loaded from its stored state. */
    private static Scenario<LeadLifecycle, LifecycleEvent> loaded(LeadLifecycle.State stored) {
        return Scenario.given(() -> new LeadLifecycle(stored), LeadLifecycle::pendingEvents);
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
        unknownLead()
                .whenReturning(lead -> lead.personalDataArrived(personal(1, goodProfile())))
                .expectResult(true)
                .andWhen(lead -> lead.scored(score(66, "A")))
                // when the capture without personal values comes
                .andWhen(lead -> lead.captured(1, stripped(goodProfile()), APART))
                // then it is judged on the complete profile: an MQL with every criterion passed
                .then(lead -> {
                    assertThat(lead.awaitsPersonalValues()).isFalse();
                    assertThat(lead.profile()).isEqualTo(goodProfile());
                })
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .expect(LeadStageChanged.class, mql -> assertThat(mql.criteria()).hasSize(8)
                        .allMatch(CriterionResult::passed))
                .then((lead, evaluation) -> {
                    assertThat(evaluation).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
                    assertThat(lead.stage()).isEqualTo(Stage.MQL);
                });
    }

    @Test
    void given_the_event_first_then_nothing_is_judged_until_the_personal_data_comes_and_it_qualifies() {
        // given the capture without personal values and a qualifying score
        LeadLifecycle.State stored = unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART), lead -> lead.scored(score(66, "A")))
                // when it would be evaluated
                .whenReturning(lead -> lead.evaluate(definition(), T0))
                // then it is not: no evaluation kept, no event, still a LEAD awaiting its personal values
                .expectResult(Optional.empty())
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.awaitsPersonalValues()).isTrue();
                    assertThat(lead.mayQualify(definition(), T0)).isFalse();
                    assertThat(lead.state().lastEvaluation()).isNull();
                    assertThat(lead.stage()).isEqualTo(Stage.LEAD);
                })
                .andWhenReturning(LeadLifecycle::state)
                .result();

        // when the personal values come (after a reload, as from the store)
        loaded(stored)
                .whenReturning(LeadLifecycle::awaitsPersonalValues)
                .expectResult(true)
                .andWhenReturning(lead -> lead.personalDataArrived(personal(1, goodProfile())))
                .expectResult(true)
                // then it is judged as the complete profile would have been: an MQL
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .expect(LeadStageChanged.class, mql -> assertThat(mql.to()).isEqualTo(Stage.MQL))
                .then((lead, evaluation) -> {
                    assertThat(evaluation).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
                    assertThat(lead.stage()).isEqualTo(Stage.MQL);
                    assertThat(lead.profile()).isEqualTo(goodProfile());
                });
    }

    @Test
    void a_student_is_never_judged_on_the_stripped_profile_and_is_excluded_once_the_title_comes() {
        // given a definition a profile without personal values would meet, and the capture without them
        AgreedLeadDefinition definition = countryOnlyDefinition();
        LeadProfile student = profile("s@uni.example", "PhD Student", "DE", 10);
        assertThat(definition.evaluateMql(new LeadFacts(stripped(student), score(99, "A"))).qualifies())
                .as("the stripped profile alone would qualify").isTrue();
        unknownLead()
                .with(lead -> lead.captured(1, stripped(student), APART))
                // when a qualifying score comes before the personal values
                .whenReturning(lead -> {
                    lead.scored(score(99, "A"));
                    return lead.evaluate(definition, T0);
                })
                // then no decision: no MQL on the stripped profile
                .expectResult(Optional.empty())
                .expectNothing()
                // when the personal values with the title come
                .andWhen(lead -> lead.personalDataArrived(personal(1, student)))
                .expectNothing()
                .andWhenReturning(lead -> lead.evaluate(definition, T0))
                // then the title excludes it, quoting the definition's keyword, and it stays a LEAD
                .expectNothing()
                .then((lead, evaluation) -> {
                    assertThat(evaluation.orElseThrow().failed()).containsExactly(new CriterionResult(
                            "mql.excludeStudentsAndJobSeekers", false, "student", "title without student,job seeker"));
                    assertThat(lead.stage()).isEqualTo(Stage.LEAD);
                });
    }

    @Test
    void personal_data_older_than_the_event_keeps_the_lead_waiting_and_the_matching_one_opens_the_gate() {
        // given a profile update at sequence 3 and the personal values of sequence 2
        unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART),
                        lead -> lead.personalDataArrived(personal(2, goodProfile())),
                        lead -> lead.profileChanged(3, stripped(goodProfile()), APART),
                        lead -> lead.scored(score(66, "A")))
                // then it waits for the personal values of sequence 3
                .whenReturning(lead -> lead.evaluate(definition(), T0))
                .expectResult(Optional.empty())
                .then(lead -> assertThat(lead.awaitsPersonalValues()).isTrue())
                // when they come, it is judged
                .andWhen(lead -> lead.personalDataArrived(personal(3, goodProfile())))
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .then((lead, evaluation) -> assertThat(evaluation).hasValueSatisfying(
                        e -> assertThat(e.qualifies()).isTrue()));
    }

    @Test
    void personal_data_newer_than_the_event_as_compaction_leaves_it_is_taken_and_judged() {
        // given the capture at sequence 1, and only the newest personal values (sequence 4) left on the topic
        LeadProfile newer = profile("maria@acme-robotics.example", "Head of Operations", "DE", 450);
        unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART), lead -> lead.scored(score(66, "A")))
                .when(lead -> lead.personalDataArrived(personal(4, newer)))
                // then the lead is judged on the capture's fields with the newest personal values
                .then(lead -> {
                    assertThat(lead.awaitsPersonalValues()).isFalse();
                    assertThat(lead.profile().title()).isEqualTo("Head of Operations");
                })
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .then((lead, evaluation) -> assertThat(evaluation).hasValueSatisfying(
                        e -> assertThat(e.qualifies()).isTrue()));
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
        unknownLead()
                .with(lead -> lead.personalDataErased(), lead -> lead.captured(1, stripped(goodProfile()), APART),
                        lead -> lead.scored(score(66, "A")))
                // when the personal values come late (a redelivery), then they are not taken
                .whenReturning(lead -> lead.personalDataArrived(personal(1, goodProfile())))
                .expectResult(false)
                // then the lead is never judged, and nothing personal is held
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .expectResult(Optional.empty())
                .expectNothing()
                .then(lead -> assertThat(reloaded(lead).state().toString()).doesNotContain(PERSONAL));
    }

    @Test
    void a_tombstone_after_the_event_drops_the_personal_values_and_no_decision_is_made_on_it() {
        // given a lead judged on its complete profile, below the score threshold
        unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART),
                        lead -> lead.personalDataArrived(personal(1, goodProfile())),
                        lead -> lead.scored(score(40, "A")))
                .whenReturning(lead -> lead.evaluate(definition(), T0))
                .expectNothing()
                .then((lead, evaluation) -> assertThat(evaluation).hasValueSatisfying(
                        e -> assertThat(e.qualifies()).isFalse()))
                // when the tombstone comes, and then a qualifying score
                .andWhen(lead -> {
                    lead.personalDataErased();
                    lead.scored(score(66, "A"));
                })
                // then the personal values are gone and the lead is not judged again: its LeadErased will follow
                .then(lead -> assertThat(lead.profile()).isEqualTo(stripped(goodProfile())))
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .expectResult(Optional.empty())
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.stage()).isEqualTo(Stage.LEAD);
                    assertThat(reloaded(lead).state().toString()).doesNotContain(PERSONAL);
                });
    }

    @Test
    void a_tombstone_drops_the_personal_values_an_inline_profile_brought() {
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()), lead -> lead.personalDataErased())
                .when(lead -> lead.profileChanged(2, goodProfile()))
                .then(lead -> {
                    assertThat(lead.profile()).isEqualTo(stripped(goodProfile()));
                    assertThat(lead.state().toString()).doesNotContain(PERSONAL);
                });
    }

    @Test
    void personal_data_arriving_after_the_lead_was_erased_is_not_kept() {
        unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART), lead -> lead.erased(T0))
                .whenReturning(lead -> lead.personalDataArrived(personal(1, goodProfile())))
                .expectResult(false)
                .then(lead -> assertThat(lead.state().toString()).doesNotContain(PERSONAL));
    }

    @Test
    void erasure_drops_the_personal_data_held() {
        unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART),
                        lead -> lead.personalDataArrived(personal(1, goodProfile())))
                .when(lead -> lead.erased(T0))
                .then(lead -> {
                    assertThat(lead.state().personalData()).isNull();
                    assertThat(reloaded(lead).state().toString()).doesNotContain(PERSONAL);
                });
    }

    @Test
    void an_inline_profile_is_judged_at_once_as_before() {
        // given a capture with its personal values in the profile (the events written before they moved)
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()), lead -> lead.scored(score(66, "A")))
                // then nothing is awaited, and it qualifies on that profile
                .whenReturning(LeadLifecycle::awaitsPersonalValues)
                .expectResult(false)
                .then(lead -> {
                    assertThat(lead.state().personalValues()).isEqualTo(PersonalValues.INLINE);
                    assertThat(lead.profile()).isEqualTo(goodProfile());
                })
                .andWhenReturning(lead -> lead.evaluate(definition(), T0))
                .then((lead, evaluation) -> {
                    assertThat(evaluation).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
                    assertThat(lead.stage()).isEqualTo(Stage.MQL);
                });
    }

    @Test
    void a_newer_update_without_personal_values_closes_the_gate_for_a_recycled_lead_until_they_come() {
        // given a recycled lead past its waiting time
        AgreedLeadDefinition definition = definition(Duration.ZERO, 2);
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()), lead -> lead.scored(score(66, "A")),
                        lead -> lead.evaluate(definition, T0),
                        lead -> lead.assign(new RoutingDecision("jonas", "dach", "territory-dach", null), definition,
                                T0),
                        lead -> lead.reject(Actor.user("jonas"), RejectReason.TOO_EARLY, null, definition, T0))
                // when its profile is updated with the personal values apart
                .when(lead -> lead.profileChanged(2, stripped(goodProfile()), APART))
                // then it is not judged until they come
                .andWhenReturning(lead -> lead.evaluate(definition, T0.plusSeconds(1)))
                .expectResult(Optional.empty())
                .expectNothing()
                .andWhen(lead -> lead.personalDataArrived(personal(2, goodProfile())))
                .andWhenReturning(lead -> lead.evaluate(definition, T0.plusSeconds(1)))
                .expect(LeadStageChanged.class, mql -> assertThat(mql.from()).isEqualTo(Stage.RECYCLED))
                .then((lead, evaluation) -> {
                    assertThat(evaluation).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
                    assertThat(lead.stage()).isEqualTo(Stage.MQL);
                });
    }

    @Test
    void the_published_stage_change_and_the_kept_evaluation_quote_no_personal_value() {
        // given a lead qualified once its personal values came
        unknownLead()
                .with(lead -> lead.captured(1, stripped(goodProfile()), APART), lead -> lead.scored(score(66, "A")),
                        lead -> lead.personalDataArrived(personal(1, goodProfile())))
                .when(lead -> lead.evaluate(definition(), T0))
                // then the LeadStageChanged, as published, and the last evaluation hold none of them
                .expect(LeadStageChanged.class, mql -> assertThat(FunnelJson.write(mql)).contains("\"to\":\"MQL\"")
                        .doesNotContain(PERSONAL).doesNotContain("acme-robotics"))
                .then(lead -> assertThat(lead.state().lastEvaluation().toString()).doesNotContain(PERSONAL));
    }
}
