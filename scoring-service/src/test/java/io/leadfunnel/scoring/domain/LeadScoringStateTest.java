package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.testing.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class LeadScoringStateTest {

    static final Instant NOW = Instant.parse("2026-03-04T08:45:00Z");
    static final String LEAD = "lead-1";
    final ScoringModel model = DefaultModel.create();

    static LeadProfile profile(String title, Integer size) {
        return new LeadProfile("maria.keller@acme-robotics.example", "Maria", "Keller", "Acme Robotics GmbH",
                "acme-robotics.example", title, "DE", "Manufacturing", size, LeadSource.WEBINAR, "Webinar",
                "q1", LeadOrigin.MARKETING);
    }

    static LeadCaptured captured(long sequence, LeadProfile profile) {
        return new LeadCaptured(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", sequence,
                profile, Map.of(), "api");
    }

    static LeadActivityRecorded activity(String id, ActivityType type, Instant at) {
        return new LeadActivityRecorded(UUID.randomUUID(), LEAD, at, FunnelEvent.SCHEMA_VERSION, "lead-service", 2,
                id, type, null, Map.of(), at);
    }

    /** A lead scoring has not seen before. */
    private static Scenario<LeadScoringState, LeadScored> newLead() {
        return Scenario.given(() -> LeadScoringState.create(LEAD), LeadScoringState::newEvents);
    }

    /** A lead that took in these events, was scored and stored. */
    private Scenario<LeadScoringState, LeadScored> stored(LeadEvent... events) {
        return Scenario.given(() -> {
            LeadScoringState state = LeadScoringState.create(LEAD);
            for (LeadEvent event : events) {
                state.apply(event, model, NOW);
            }
            state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1);
            return LeadScoringState.restore(LEAD, 1, state.profile(), state.profileSequence(), state.activities(),
                    state.appliedEventIds(), state.score().orElse(null), state.scoredAt(), state.nextEvaluationAt(),
                    state.erasedAt());
        }, LeadScoringState::newEvents);
    }

    /** The events taken in under {@code scoringModel}, none of them scored yet. */
    private static Consumer<LeadScoringState> applied(ScoringModel scoringModel, LeadEvent... events) {
        return state -> {
            for (LeadEvent event : events) {
                state.apply(event, scoringModel, NOW);
            }
        };
    }

    /** The score returned is the one published. */
    private static void returnsWhatItPublished(LeadScoringState state, Optional<LeadScored> scored) {
        assertThat(state.newEvents()).containsExactly(scored.orElseThrow());
    }

    @Test
    void a_first_score_is_published_with_no_previous_values() {
        newLead()
                .with(applied(model, captured(1, profile("VP Operations", 450))))
                .whenReturning(state -> state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1))
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.fit()).isEqualTo(80);
                    assertThat(scored.engagement()).isZero();
                    assertThat(scored.total()).isEqualTo(48);
                    assertThat(scored.grade()).isEqualTo("A");
                    assertThat(scored.previousFit()).isNull();
                    assertThat(scored.previousGrade()).isNull();
                    assertThat(scored.modelVersion()).isEqualTo(1);
                    assertThat(scored.trigger()).isEqualTo("event");
                })
                .then(LeadScoringStateTest::returnsWhatItPublished);
    }

    @Test
    void a_duplicate_event_changes_nothing_and_an_unchanged_score_publishes_nothing() {
        LeadCaptured captured = captured(1, profile("VP Operations", 450));
        // a new event that does not move any score: a profile change outside what the model reads
        LeadProfileUpdated renamed = new LeadProfileUpdated(UUID.randomUUID(), LEAD, NOW, 1, "lead-service", 2,
                profile("VP Operations", 450), List.of("lastName"), List.of());

        stored(captured)
                .whenReturning(state -> state.apply(captured, model, NOW))
                .expectResult(false)
                .andWhenReturning(state -> state.apply(renamed, model, NOW))
                .expectResult(true)
                .andWhenReturning(state -> state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1))
                .expectResult(Optional.empty())
                .expectNothing();
    }

    @Test
    void an_older_profile_arriving_late_is_ignored_and_activities_are_placed_by_occurred_at() {
        stored(captured(3, profile("VP Operations", 450)))
                .when(applied(model,
                        captured(2, profile("Intern", 5)),
                        activity("b", ActivityType.PAGE_VIEW, NOW.minus(Duration.ofDays(1))),
                        activity("a", ActivityType.PAGE_VIEW, NOW.minus(Duration.ofDays(2))),
                        activity("a", ActivityType.PAGE_VIEW, NOW.minus(Duration.ofDays(2)))))
                .then(state -> {
                    assertThat(state.profile().title()).isEqualTo("VP Operations");
                    assertThat(state.activities()).extracting(Activity::activityId).containsExactly("a", "b");
                });
    }

    @Test
    void a_new_activity_raises_the_score_with_previous_values() {
        stored(captured(1, profile("VP Operations", 450)))
                .with(applied(model, activity("demo", ActivityType.DEMO_REQUESTED, NOW)))
                .whenReturning(state -> state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1))
                .expect(LeadScored.class, scored -> {
                    assertThat(scored.engagement()).isEqualTo(35);
                    assertThat(scored.total()).isEqualTo(62);
                    assertThat(scored.previousEngagement()).isZero();
                    assertThat(scored.previousTotal()).isEqualTo(48);
                    assertThat(scored.reasons()).extracting(r -> r.rule()).contains("engagement.DEMO_REQUESTED");
                })
                .then(LeadScoringStateTest::returnsWhatItPublished);
    }

    @Test
    void decay_alone_moves_a_lead_across_a_grade_band_when_grades_follow_the_total() {
        // given grades on the total, fit 80 and a fresh demo request: total 62, grade B
        ScoringModel byTotal = new ScoringModel(2, null, model.fitRules(), model.activityRules(), 30d, 180d, 0.6,
                0.4, ScoringModel.BASIS_TOTAL, model.gradeBands(), 60);
        Instant later = NOW.plus(Duration.ofDays(120));
        newLead()
                .with(applied(byTotal, captured(1, profile("VP Operations", 450)),
                        activity("demo", ActivityType.DEMO_REQUESTED, NOW)))
                .whenReturning(state -> state.rescore(byTotal, NOW, LeadScoringState.TRIGGER_EVENT, 1))
                .expect(LeadScored.class, scored -> assertThat(scored.grade()).isEqualTo("B"))
                .then(LeadScoringStateTest::returnsWhatItPublished)
                // when 90 days pass without any activity (engagement 35 / 8 = 4.4 -> 4, total 50: still B;
                // 120 days: 2 -> 49)
                .andWhenReturning(state -> state.rescore(byTotal, later, LeadScoringState.TRIGGER_DECAY, 1))
                // then a new score with the lower grade
                .expect(LeadScored.class, decayed -> {
                    assertThat(decayed.engagement()).isEqualTo(2);
                    assertThat(decayed.total()).isEqualTo(49);
                    assertThat(decayed.grade()).isEqualTo("C");
                    assertThat(decayed.previousGrade()).isEqualTo("B");
                    assertThat(decayed.trigger()).isEqualTo("decay");
                })
                .then((state, decayed) -> assertThat(state.newEvents()).last().isEqualTo(decayed.orElseThrow()));
    }

    @Test
    void erasure_leaves_no_personal_data_and_later_events_do_not_bring_it_back() {
        stored(captured(1, profile("VP Operations", 450)), activity("demo", ActivityType.DEMO_REQUESTED, NOW))
                .when(applied(model, new LeadErased(UUID.randomUUID(), LEAD, NOW, 1, "lead-service", 3,
                        LeadErased.Reason.REQUEST, null)))
                .andWhenReturning(state -> state.apply(new LeadProfileUpdated(UUID.randomUUID(), LEAD, NOW, 1,
                        "lead-service", 4, profile("VP Operations", 450), List.of("title"), List.of()), model, NOW))
                .expectResult(false)
                .then(state -> {
                    assertThat(state.erased()).isTrue();
                    assertThat(state.profile()).isEqualTo(ScoringProfile.EMPTY);
                    assertThat(state.activities()).isEmpty();
                    assertThat(state.score()).isEmpty();
                    assertThat(state.nextEvaluationAt()).isNull();
                })
                .andWhenReturning(state -> state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1))
                .expectResult(Optional.empty());
    }
}
