package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.testing.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personal values arrive on lead.profiles beside the lead events, in either order: a lead whose newest profile
 * event left them there is scored only once values at least as recent are held; a tombstone drops them and scores
 * nothing. Default model: the VP of a 450-people German manufacturer has fit 80, of which the title gives 20; without
 * the personal attributes the fit is 60. What the consumers publish on lead.scores are the state's new events.
 */
class PersonalValuesGateTest {

    static final Instant NOW = Instant.parse("2026-03-04T08:45:00Z");
    static final String LEAD = "lead-gate";
    final ScoringModel model = DefaultModel.create();

    static LeadProfile profile(String title, String email) {
        return new LeadProfile(email, "Maria", "Keller", "Acme Robotics GmbH", "acme-robotics.example", title, "DE",
                "Manufacturing", 450, LeadSource.WEBINAR, "Webinar", "q1", LeadOrigin.MARKETING);
    }

    static LeadProfile vp() {
        return profile("VP Operations", "maria.keller@acme-robotics.example");
    }

    /** As lead.events carries it now: no personal value in the profile. */
    static LeadCaptured capturedOnProfileTopic(long sequence, LeadProfile profile) {
        return new LeadCaptured(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", sequence,
                profile.withoutPersonalValues(), Map.of(), "api", PersonalValues.ON_PROFILE_TOPIC);
    }

    static LeadProfileUpdated updatedOnProfileTopic(long sequence, LeadProfile profile) {
        return new LeadProfileUpdated(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service",
                sequence, profile.withoutPersonalValues(), List.of("title"), List.of(),
                PersonalValues.ON_PROFILE_TOPIC);
    }

    /** As older records carry it: the personal values in the profile. */
    static LeadCaptured capturedInline(long sequence, LeadProfile profile) {
        return new LeadCaptured(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", sequence,
                profile, Map.of(), "api");
    }

    static LeadPersonalData personal(long sequence, LeadProfile profile) {
        return new LeadPersonalData(LEAD, sequence, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service",
                profile.email(), profile.firstName(), profile.lastName(), profile.company(), profile.companyDomain(),
                profile.title());
    }

    static LeadActivityRecorded activity(long sequence, ActivityType type) {
        return new LeadActivityRecorded(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service",
                sequence, "act-" + sequence, type, null, Map.of(), NOW);
    }

    static LeadErased erased(long sequence) {
        return new LeadErased(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", sequence,
                LeadErased.Reason.REQUEST, null);
    }

    /** A lead scoring has not seen before. */
    static Scenario<LeadScoringState, LeadScored> newLead() {
        return Scenario.given(() -> LeadScoringState.create(LEAD), LeadScoringState::newEvents);
    }

    /** Lead events, each as the lead.events consumer applies it. */
    void event(LeadScoringState state, LeadEvent... events) {
        for (LeadEvent event : events) {
            if (state.apply(event, model, NOW)) {
                state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1);
            }
        }
    }

    /** A lead.profiles record as its consumer applies it; null for a tombstone. */
    PersonalDataChange record(LeadScoringState state, LeadPersonalData personal) {
        PersonalDataChange change = personal == null ? state.applyPersonalDataTombstone() : state.apply(personal);
        if (change.rescores()) {
            state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1);
        }
        return change;
    }

    @Test
    void personal_values_first_then_the_event_score_the_lead_once_with_the_title_and_domains() {
        // given the personal values of sequence 1, as lead-service publishes them first: not scored on them alone
        newLead()
                .whenReturning(state -> record(state, personal(1, vp())))
                .expectResult(PersonalDataChange.AHEAD)
                .expectNothing()
                // when its LeadCaptured arrives
                .andWhen(state -> event(state, capturedOnProfileTopic(1, vp())))
                // then one score, with the title's points
                .expect(LeadScored.class, scored -> assertThat(scored.fit()).isEqualTo(80))
                .then(state -> {
                    assertThat(state.awaitingPersonalData()).isFalse();
                    assertThat(state.profile()).isEqualTo(new ScoringProfile("VP Operations", "Manufacturing", "DE",
                            450, "acme-robotics.example", "acme-robotics.example"));
                });
    }

    @Test
    void the_event_first_waits_for_its_personal_values_then_they_score_the_lead() {
        // given the LeadCaptured before its personal values
        newLead()
                .when(state -> event(state, capturedOnProfileTopic(1, vp())))
                .expectNothing()
                .then(state -> {
                    assertThat(state.awaitingPersonalData()).isTrue();
                    assertThat(state.score()).isEmpty();
                    assertThat(state.nextEvaluationAt()).isNull();
                })
                // when they arrive
                .andWhenReturning(state -> record(state, personal(1, vp())))
                // then the lead is scored, once, with them
                .expectResult(PersonalDataChange.CURRENT)
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.grade()).isEqualTo("A");
                })
                .then(state -> assertThat(state.awaitingPersonalData()).isFalse());
    }

    @Test
    void activities_arriving_while_the_gate_is_closed_are_kept_and_counted_once_it_opens() {
        newLead()
                .when(state -> event(state, capturedOnProfileTopic(1, vp())))
                .expectNothing()
                .andWhen(state -> event(state, activity(2, ActivityType.DEMO_REQUESTED)))
                .expectNothing()
                .then(state -> assertThat(state.activities()).hasSize(1))
                .andWhen(state -> record(state, personal(1, vp())))
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.engagement()).isEqualTo(35);
                });
    }

    @Test
    void the_same_record_again_changes_nothing_a_newer_one_is_taken_and_an_older_one_is_ignored() {
        newLead()
                .when(state -> event(state, capturedOnProfileTopic(1, vp())))
                .expectNothing()
                .andWhen(state -> record(state, personal(1, vp())))
                .expect(LeadScored.class, scored -> assertThat(scored.fit()).isEqualTo(80))
                // equal sequence, same values: idempotent
                .andWhenReturning(state -> record(state, personal(1, vp())))
                .expectResult(PersonalDataChange.NONE)
                .expectNothing()
                // newer: the lead became an intern (and its profile event follows)
                .andWhenReturning(state -> record(state, personal(3, profile("Intern", "maria@gmail.com"))))
                .expectResult(PersonalDataChange.AHEAD)
                .expectNothing()
                .then(state -> {
                    assertThat(state.personalSequence()).isEqualTo(3);
                    assertThat(state.profile().title()).isEqualTo("Intern");
                    assertThat(state.profile().emailDomain()).isEqualTo("gmail.com");
                })
                // older, delivered late: ignored
                .andWhenReturning(state -> record(state, personal(2, vp())))
                .expectResult(PersonalDataChange.NONE)
                .expectNothing()
                .then(state -> assertThat(state.profile().title()).isEqualTo("Intern"))
                // the profile event of sequence 3 scores the newer values: no seniority, free-mail -20
                .andWhen(state -> event(state, updatedOnProfileTopic(3, profile("Intern", "maria@gmail.com"))))
                .expect(LeadScored.class, scored -> assertThat(scored.fit()).isEqualTo(40));
    }

    @Test
    void values_newer_than_the_event_open_the_gate_as_compaction_leaves_only_the_newest_record() {
        // given the only record left on the compacted topic, of sequence 5
        newLead()
                .when(state -> record(state, personal(5, vp())))
                .expectNothing()
                // when the lead's events are replayed from sequence 1
                .andWhen(state -> event(state, capturedOnProfileTopic(1, profile("Intern", null))))
                // then the gate is open (5 >= 1) and the lead is scored with the values held
                .expect(LeadScored.class, scored -> assertThat(scored.fit()).isEqualTo(80))
                .then(state -> assertThat(state.awaitingPersonalData()).isFalse());
    }

    @Test
    void a_later_profile_update_closes_the_gate_again_until_its_personal_values_arrive() {
        // given a scored lead
        newLead()
                .when(state -> event(state, capturedOnProfileTopic(1, vp())))
                .expectNothing()
                .andWhen(state -> record(state, personal(1, vp())))
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.engagement()).isZero();
                })
                // when a LeadProfileUpdated of sequence 3 arrives before its values, and an activity meanwhile
                .andWhen(state -> event(state, updatedOnProfileTopic(3, profile("Chief Executive Officer", null)),
                        activity(4, ActivityType.DEMO_REQUESTED)))
                // then nothing is published, the last score stays, and decay does not look at the lead
                .expectNothing()
                .then(state -> {
                    assertThat(state.awaitingPersonalData()).isTrue();
                    assertThat(state.score()).hasValueSatisfying(score -> assertThat(score.fit()).isEqualTo(80));
                    assertThat(state.nextEvaluationAt()).isNull();
                })
                // values of the update before (sequence 2) are taken but do not open the gate
                .andWhenReturning(state -> record(state, personal(2, profile("Head of Operations", null))))
                .expectResult(PersonalDataChange.CURRENT)
                .expectNothing()
                .then(state -> assertThat(state.awaitingPersonalData()).isTrue())
                // when its values arrive
                .andWhen(state -> record(state, personal(3, profile("Chief Executive Officer",
                        "maria.keller@acme-robotics.example"))))
                // then the new title (C-level +30 instead of VP +20) and the demo request count
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(90);
                    assertThat(scored.engagement()).isEqualTo(35);
                })
                .then(state -> {
                    assertThat(state.awaitingPersonalData()).isFalse();
                    assertThat(state.nextEvaluationAt()).isNotNull();
                });
    }

    @Test
    void a_tombstone_after_the_event_drops_the_personal_attributes_and_publishes_nothing_more() {
        // given a scored lead with a demo request
        newLead()
                .when(state -> event(state, capturedOnProfileTopic(1, vp())))
                .expectNothing()
                .andWhen(state -> record(state, personal(1, vp())))
                .expect(LeadScored.class, scored -> assertThat(scored.engagement()).isZero())
                .andWhen(state -> event(state, activity(2, ActivityType.DEMO_REQUESTED)))
                .expect(LeadScored.class, scored -> assertThat(scored.engagement()).isEqualTo(35))
                // when the tombstone arrives, then another activity before the lead's erasure
                .andWhenReturning(state -> record(state, null))
                .expectResult(PersonalDataChange.ERASED)
                .expectNothing()
                .andWhen(state -> event(state, activity(3, ActivityType.MEETING)))
                // then the personal attributes are gone and no score was published on the strength of the tombstone
                .expectNothing()
                .then(state -> {
                    assertThat(state.profile()).isEqualTo(new ScoringProfile(null, "Manufacturing", "DE", 450, null,
                            null));
                    assertThat(state.personalDataErased()).isTrue();
                    assertThat(state.awaitingPersonalData()).isTrue();
                    assertThat(state.nextEvaluationAt()).isNull();
                })
                // a second tombstone
                .andWhenReturning(state -> record(state, null))
                .expectResult(PersonalDataChange.NONE)
                .expectNothing()
                // a record with newer values after the tombstone neither takes them back nor scores the lead
                .andWhenReturning(state -> record(state, personal(5, vp())))
                .expectResult(PersonalDataChange.NONE)
                .expectNothing()
                .then(state -> {
                    assertThat(state.profile().title()).isNull();
                    assertThat(state.awaitingPersonalData()).isTrue();
                })
                // and the erasure does the rest
                .andWhen(state -> event(state, erased(4)))
                .expectNothing()
                .then(state -> {
                    assertThat(state.erased()).isTrue();
                    assertThat(state.profile()).isEqualTo(ScoringProfile.EMPTY);
                });
    }

    @Test
    void a_tombstone_before_the_event_keeps_the_lead_unscored_until_its_erasure() {
        // given the tombstone first (the profile topic was read ahead of the events)
        newLead()
                .whenReturning(state -> record(state, null))
                .expectResult(PersonalDataChange.ERASED)
                .expectNothing()
                // when the lead's events arrive, an inline one among them
                .andWhen(state -> event(state, capturedOnProfileTopic(1, vp()), activity(2,
                        ActivityType.DEMO_REQUESTED), capturedInline(3, vp())))
                // then nothing is scored and the inline personal values are not taken back
                .expectNothing()
                .then(state -> {
                    assertThat(state.awaitingPersonalData()).isTrue();
                    assertThat(state.profile().title()).isNull();
                    assertThat(state.profile().emailDomain()).isNull();
                })
                // and after the erasure a late record changes nothing
                .andWhen(state -> event(state, erased(4)))
                .expectNothing()
                .andWhenReturning(state -> record(state, personal(3, vp())))
                .expectResult(PersonalDataChange.NONE)
                .expectNothing();
    }

    @Test
    void inline_events_score_at_once_as_before() {
        // given an event that carries its personal values, as older records do
        newLead()
                .when(state -> event(state, capturedInline(1, vp())))
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.engagement()).isZero();
                })
                .andWhen(state -> event(state, activity(2, ActivityType.DEMO_REQUESTED)))
                // then it is scored without any lead.profiles record
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.engagement()).isEqualTo(35);
                })
                .then(state -> {
                    assertThat(state.personalSequence()).isEqualTo(1);
                    assertThat(state.awaitingPersonalData()).isFalse();
                })
                // and a later inline update brings both parts again
                .andWhen(state -> event(state, new LeadProfileUpdated(UUID.randomUUID(), LEAD, NOW,
                        FunnelEvent.SCHEMA_VERSION, "lead-service", 3, profile("Intern", "maria@gmail.com"),
                        List.of("title"), List.of())))
                .expect(LeadScored.class, scored -> assertThat(scored.fit()).isEqualTo(40))
                .then(state -> assertThat(state.personalSequence()).isEqualTo(3));
    }

    @Test
    void a_state_stored_before_the_personal_values_moved_keeps_scoring_as_inline() {
        // given a state restored without personal bookkeeping (its profile came inline at sequence 4)
        Scenario.given(() -> LeadScoringState.restore(LEAD, 3, new ScoringProfile("VP Operations", "Manufacturing",
                        "DE", 450, "acme-robotics.example", "acme-robotics.example"), 4, List.of(), List.of(), null,
                        null, null, null), LeadScoringState::newEvents)
                // when an activity arrives
                .when(state -> event(state, activity(5, ActivityType.DEMO_REQUESTED)))
                // then it is scored with the attributes held
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.engagement()).isEqualTo(35);
                })
                .then(state -> assertThat(state.personalSequence()).isEqualTo(4));
    }

    @Test
    void an_inline_event_older_than_the_personal_values_held_keeps_the_newer_values() {
        newLead()
                .when(state -> record(state, personal(2, profile("Intern", "maria@gmail.com"))))
                .expectNothing()
                .andWhen(state -> event(state, capturedInline(1, vp())))
                .expect(LeadScored.class, scored -> assertThat(scored.fit()).isEqualTo(40))
                .then(state -> {
                    assertThat(state.profile().title()).isEqualTo("Intern");
                    assertThat(state.profile().industry()).isEqualTo("Manufacturing");
                    assertThat(state.personalSequence()).isEqualTo(2);
                });
    }

    @Test
    void activities_outside_the_horizon_are_still_dropped_while_waiting() {
        Instant later = NOW.plus(Duration.ofDays(181));
        newLead()
                .with(state -> event(state, capturedOnProfileTopic(1, vp()), activity(2, ActivityType.DEMO_REQUESTED)))
                .whenReturning(state -> state.rescore(model, later, LeadScoringState.TRIGGER_DECAY, 1))
                .expectResult(Optional.empty())
                .then(state -> assertThat(state.activities()).isEmpty());
    }
}
