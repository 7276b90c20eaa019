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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personal values arrive on lead.profiles beside the lead events, in either order: a lead whose newest profile
 * event left them there is scored only once values at least as recent are held; a tombstone drops them and scores
 * nothing. Default model: the VP of a 450-people German manufacturer has fit 80, of which the title gives 20; without
 * the personal attributes the fit is 60.
 */
class PersonalValuesGateTest {

    static final Instant NOW = Instant.parse("2026-03-04T08:45:00Z");
    static final String LEAD = "lead-gate";
    final ScoringModel model = DefaultModel.create();

    /** What the consumers publish on lead.scores for the state, in order. */
    final List<LeadScored> published = new ArrayList<>();

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

    /** A lead event as the lead.events consumer applies it. */
    void event(LeadScoringState state, LeadEvent event) {
        if (state.apply(event, model, NOW)) {
            state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1).ifPresent(published::add);
        }
    }

    /** A lead.profiles record as its consumer applies it; null for a tombstone. */
    PersonalDataChange record(LeadScoringState state, LeadPersonalData personal) {
        PersonalDataChange change = personal == null ? state.applyPersonalDataTombstone() : state.apply(personal);
        if (change.rescores()) {
            state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1).ifPresent(published::add);
        }
        return change;
    }

    @Test
    void personal_values_first_then_the_event_score_the_lead_once_with_the_title_and_domains() {
        // given the personal values of sequence 1, as lead-service publishes them first
        LeadScoringState state = LeadScoringState.create(LEAD);
        assertThat(record(state, personal(1, vp()))).isEqualTo(PersonalDataChange.AHEAD);
        assertThat(published).as("not scored on the personal values alone").isEmpty();

        // when its LeadCaptured arrives
        event(state, capturedOnProfileTopic(1, vp()));

        // then one score, with the title's points
        assertThat(published).extracting(LeadScored::fit).containsExactly(80);
        assertThat(state.awaitingPersonalData()).isFalse();
        assertThat(state.profile()).isEqualTo(new ScoringProfile("VP Operations", "Manufacturing", "DE", 450,
                "acme-robotics.example", "acme-robotics.example"));
    }

    @Test
    void the_event_first_waits_for_its_personal_values_then_they_score_the_lead() {
        // given the LeadCaptured before its personal values
        LeadScoringState state = LeadScoringState.create(LEAD);
        event(state, capturedOnProfileTopic(1, vp()));
        assertThat(state.awaitingPersonalData()).isTrue();
        assertThat(state.score()).isEmpty();
        assertThat(state.nextEvaluationAt()).isNull();

        // when they arrive
        PersonalDataChange change = record(state, personal(1, vp()));

        // then the lead is scored, once, with them
        assertThat(change).isEqualTo(PersonalDataChange.CURRENT);
        assertThat(published).extracting(LeadScored::fit, LeadScored::grade)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, "A"));
        assertThat(state.awaitingPersonalData()).isFalse();
    }

    @Test
    void activities_arriving_while_the_gate_is_closed_are_kept_and_counted_once_it_opens() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        event(state, capturedOnProfileTopic(1, vp()));

        event(state, activity(2, ActivityType.DEMO_REQUESTED));
        assertThat(published).isEmpty();
        assertThat(state.activities()).hasSize(1);

        record(state, personal(1, vp()));

        assertThat(published).extracting(LeadScored::fit, LeadScored::engagement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, 35));
    }

    @Test
    void the_same_record_again_changes_nothing_a_newer_one_is_taken_and_an_older_one_is_ignored() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        event(state, capturedOnProfileTopic(1, vp()));
        record(state, personal(1, vp()));

        // equal sequence, same values: idempotent
        assertThat(record(state, personal(1, vp()))).isEqualTo(PersonalDataChange.NONE);

        // newer: the lead became an intern (and its profile event follows)
        assertThat(record(state, personal(3, profile("Intern", "maria@gmail.com"))))
                .isEqualTo(PersonalDataChange.AHEAD);
        assertThat(state.personalSequence()).isEqualTo(3);
        assertThat(state.profile().title()).isEqualTo("Intern");
        assertThat(state.profile().emailDomain()).isEqualTo("gmail.com");

        // older, delivered late: ignored
        assertThat(record(state, personal(2, vp()))).isEqualTo(PersonalDataChange.NONE);
        assertThat(state.profile().title()).isEqualTo("Intern");

        // the profile event of sequence 3 scores the newer values: no seniority, free-mail -20
        event(state, updatedOnProfileTopic(3, profile("Intern", "maria@gmail.com")));
        assertThat(published).extracting(LeadScored::fit).containsExactly(80, 40);
    }

    @Test
    void values_newer_than_the_event_open_the_gate_as_compaction_leaves_only_the_newest_record() {
        // given the only record left on the compacted topic, of sequence 5
        LeadScoringState state = LeadScoringState.create(LEAD);
        record(state, personal(5, vp()));

        // when the lead's events are replayed from sequence 1
        event(state, capturedOnProfileTopic(1, profile("Intern", null)));

        // then the gate is open (5 >= 1) and the lead is scored with the values held
        assertThat(state.awaitingPersonalData()).isFalse();
        assertThat(published).extracting(LeadScored::fit).containsExactly(80);
    }

    @Test
    void a_later_profile_update_closes_the_gate_again_until_its_personal_values_arrive() {
        // given a scored lead
        LeadScoringState state = LeadScoringState.create(LEAD);
        event(state, capturedOnProfileTopic(1, vp()));
        record(state, personal(1, vp()));
        assertThat(published).extracting(LeadScored::fit).containsExactly(80);

        // when a LeadProfileUpdated of sequence 3 arrives before its values, and an activity meanwhile
        event(state, updatedOnProfileTopic(3, profile("Chief Executive Officer", null)));
        event(state, activity(4, ActivityType.DEMO_REQUESTED));

        // then nothing is published, the last score stays, and decay does not look at the lead
        assertThat(state.awaitingPersonalData()).isTrue();
        assertThat(published).hasSize(1);
        assertThat(state.score()).hasValueSatisfying(score -> assertThat(score.fit()).isEqualTo(80));
        assertThat(state.nextEvaluationAt()).isNull();
        // values of the update before (sequence 2) are taken but do not open the gate
        assertThat(record(state, personal(2, profile("Head of Operations", null))))
                .isEqualTo(PersonalDataChange.CURRENT);
        assertThat(state.awaitingPersonalData()).isTrue();
        assertThat(published).hasSize(1);

        // when its values arrive
        record(state, personal(3, profile("Chief Executive Officer", "maria.keller@acme-robotics.example")));

        // then the new title (C-level +30 instead of VP +20) and the demo request count
        assertThat(state.awaitingPersonalData()).isFalse();
        assertThat(published).extracting(LeadScored::fit, LeadScored::engagement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, 0),
                        org.assertj.core.groups.Tuple.tuple(90, 35));
        assertThat(state.nextEvaluationAt()).isNotNull();
    }

    @Test
    void a_tombstone_after_the_event_drops_the_personal_attributes_and_publishes_nothing_more() {
        // given a scored lead with a demo request
        LeadScoringState state = LeadScoringState.create(LEAD);
        event(state, capturedOnProfileTopic(1, vp()));
        record(state, personal(1, vp()));
        event(state, activity(2, ActivityType.DEMO_REQUESTED));
        assertThat(published).hasSize(2);

        // when the tombstone arrives, then another activity before the lead's erasure
        assertThat(record(state, null)).isEqualTo(PersonalDataChange.ERASED);
        event(state, activity(3, ActivityType.MEETING));

        // then the personal attributes are gone and no score was published on the strength of the tombstone
        assertThat(state.profile()).isEqualTo(new ScoringProfile(null, "Manufacturing", "DE", 450, null, null));
        assertThat(state.personalDataErased()).isTrue();
        assertThat(state.awaitingPersonalData()).isTrue();
        assertThat(state.nextEvaluationAt()).isNull();
        assertThat(published).hasSize(2);
        assertThat(record(state, null)).as("a second tombstone").isEqualTo(PersonalDataChange.NONE);

        // and the erasure does the rest
        event(state, erased(4));
        assertThat(state.erased()).isTrue();
        assertThat(state.profile()).isEqualTo(ScoringProfile.EMPTY);
        assertThat(published).hasSize(2);
    }

    @Test
    void a_tombstone_before_the_event_keeps_the_lead_unscored_until_its_erasure() {
        // given the tombstone first (the profile topic was read ahead of the events)
        LeadScoringState state = LeadScoringState.create(LEAD);
        assertThat(record(state, null)).isEqualTo(PersonalDataChange.ERASED);

        // when the lead's events arrive, an inline one among them
        event(state, capturedOnProfileTopic(1, vp()));
        event(state, activity(2, ActivityType.DEMO_REQUESTED));
        event(state, capturedInline(3, vp()));

        // then nothing is scored and the inline personal values are not taken back
        assertThat(published).isEmpty();
        assertThat(state.awaitingPersonalData()).isTrue();
        assertThat(state.profile().title()).isNull();
        assertThat(state.profile().emailDomain()).isNull();

        // and after the erasure a late record changes nothing
        event(state, erased(4));
        assertThat(record(state, personal(3, vp()))).isEqualTo(PersonalDataChange.NONE);
        assertThat(published).isEmpty();
    }

    @Test
    void inline_events_score_at_once_as_before() {
        // given an event that carries its personal values, as older records do
        LeadScoringState state = LeadScoringState.create(LEAD);

        event(state, capturedInline(1, vp()));
        event(state, activity(2, ActivityType.DEMO_REQUESTED));

        // then it is scored without any lead.profiles record
        assertThat(published).extracting(LeadScored::fit, LeadScored::engagement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, 0),
                        org.assertj.core.groups.Tuple.tuple(80, 35));
        assertThat(state.personalSequence()).isEqualTo(1);
        assertThat(state.awaitingPersonalData()).isFalse();

        // and a later inline update brings both parts again
        event(state, new LeadProfileUpdated(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION,
                "lead-service", 3, profile("Intern", "maria@gmail.com"), List.of("title"), List.of()));
        assertThat(published).extracting(LeadScored::fit).containsExactly(80, 80, 40);
        assertThat(state.personalSequence()).isEqualTo(3);
    }

    @Test
    void a_state_stored_before_the_personal_values_moved_keeps_scoring_as_inline() {
        // given a state restored without personal bookkeeping (its profile came inline at sequence 4)
        LeadScoringState state = LeadScoringState.restore(LEAD, 3, new ScoringProfile("VP Operations",
                        "Manufacturing", "DE", 450, "acme-robotics.example", "acme-robotics.example"), 4, List.of(),
                List.of(), null, null, null, null);

        // when an activity arrives
        event(state, activity(5, ActivityType.DEMO_REQUESTED));

        // then it is scored with the attributes held
        assertThat(state.personalSequence()).isEqualTo(4);
        assertThat(published).extracting(LeadScored::fit, LeadScored::engagement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, 35));
    }

    @Test
    void an_inline_event_older_than_the_personal_values_held_keeps_the_newer_values() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        record(state, personal(2, profile("Intern", "maria@gmail.com")));

        event(state, capturedInline(1, vp()));

        assertThat(state.profile().title()).isEqualTo("Intern");
        assertThat(state.profile().industry()).isEqualTo("Manufacturing");
        assertThat(state.personalSequence()).isEqualTo(2);
        assertThat(published).extracting(LeadScored::fit).containsExactly(40);
    }

    @Test
    void activities_outside_the_horizon_are_still_dropped_while_waiting() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        event(state, capturedOnProfileTopic(1, vp()));
        event(state, activity(2, ActivityType.DEMO_REQUESTED));

        Instant later = NOW.plus(Duration.ofDays(181));
        assertThat(state.rescore(model, later, LeadScoringState.TRIGGER_DECAY, 1)).isEmpty();

        assertThat(state.activities()).isEmpty();
    }
}
