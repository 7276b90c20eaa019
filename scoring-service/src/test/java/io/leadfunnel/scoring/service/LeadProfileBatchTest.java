package io.leadfunnel.scoring.service;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.testing.MarkedCommandRecorder;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.domain.Activity;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.service.LeadProfileBatch.ProfileRecord;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static io.leadfunnel.scoring.service.LeadScoring.Outcome.APPLIED;
import static io.leadfunnel.scoring.service.LeadScoring.Outcome.DUPLICATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A poll of lead.profiles records applied at once against the real MongoDB engine: duplicates and stale sequences,
 * a tombstone followed by values in the same poll, values ahead of the lead's profile, and another writer (the
 * lead.events consumer) changing a lead between the poll's read and its write. The Kafka side is in
 * {@code messaging/ProfileBatchConsumptionTest}.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class LeadProfileBatchTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    LeadProfileBatch batch;

    @Inject
    LeadScoring scoring;

    @Inject
    LeadScoringRepository states;

    @Inject
    MarkedCommandRecorder commands;

    @Inject
    TestClock clock;

    /** The records as a poll: a null value is the lead's tombstone. */
    private static Map<String, List<LeadPoll.Entry<ProfileRecord>>> poll(List<ProfileRecord> profiles) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (ProfileRecord profile : profiles) {
            records.add(new ConsumerRecord<>(Topics.LEAD_PROFILES, 0, records.size(), profile.leadId(),
                    profile.tombstone() ? null : FunnelJson.writePersonalData(profile.personal())));
        }
        return LeadPoll.read(records, r -> Optional.of(new ProfileRecord(r.key(),
                FunnelJson.readProfileRecord(r.key(), r.value()).orElse(null))), ProfileRecord::leadId).byLead();
    }

    private static ProfileRecord values(LeadPersonalData personal) {
        return new ProfileRecord(personal.leadId(), personal);
    }

    private static ProfileRecord tombstone(String leadId) {
        return new ProfileRecord(leadId, null);
    }

    /** The lead's personal values for the profile event with {@code sequence}, under another title. */
    private static LeadPersonalData retitled(LeadCaptured captured, long sequence, String title) {
        LeadPersonalData personal = captured.personalData();
        return new LeadPersonalData(personal.leadId(), sequence, personal.occurredAt(), personal.schemaVersion(),
                personal.producer(), personal.email(), personal.firstName(), personal.lastName(), personal.company(),
                personal.companyDomain(), title);
    }

    /** A lead captured with its personal values on lead.profiles, the capture taken in: it awaits them. */
    private LeadCaptured awaiting(String leadId) {
        LeadCaptured captured = captured(leadId, clock.instant());
        scoring.apply(captured.withoutPersonalValues());
        assertThat(states.findState(leadId).orElseThrow().awaitingPersonalData()).isTrue();
        return captured;
    }

    private void assertNoFurtherScore(String leadId, int count) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> scoresOf(infra, leadId).size() == count);
    }

    @Test
    void duplicates_and_stale_sequences_change_nothing_and_the_lead_is_scored_once_in_one_read_and_one_write() {
        // given a lead whose profile was updated (sequence 2) after its capture, both waiting for their values
        String leadId = newLeadId("profiles-batch-same");
        LeadCaptured captured = awaiting(leadId);
        LeadPersonalData first = captured.personalData();
        LeadPersonalData second = retitled(captured, 2, "VP Operations");
        scoring.apply(new LeadProfileUpdated(UUID.randomUUID(), leadId, clock.instant(), captured.schemaVersion(),
                captured.producer(), 2, captured.withoutPersonalValues().profile(), List.of("title"), List.of(),
                PersonalValues.ON_PROFILE_TOPIC));

        // when one poll brings the values of sequence 1, those of 2, 2 again, and 1 again (stale)
        List<ProfileRecord> records = List.of(values(first), values(second), values(second), values(first));
        commands.start(leadId);
        ScoringBatch.Applied applied = batch.apply(poll(records));
        Map<String, Integer> sent = commands.stop();

        // then the lead holds the values of sequence 2 and is scored once, in one read and one write
        assertThat(applied.poison()).isEmpty();
        assertThat(applied.counted()).extracting(ScoringBatch.Counted::outcome)
                .containsExactly(APPLIED, APPLIED, DUPLICATE, DUPLICATE);
        assertThat(applied.counted()).extracting(ScoringBatch.Counted::type)
                .containsOnly(LeadProfileBatch.TYPE_PERSONAL_DATA);
        LeadScoringState state = states.findState(leadId).orElseThrow();
        assertThat(state.personalSequence()).isEqualTo(2);
        assertThat(state.awaitingPersonalData()).isFalse();
        assertThat(state.profile().title()).isEqualTo("VP Operations");
        assertThat(sent).containsEntry("find lead_scores", 1).containsEntry("update lead_scores versioned", 1)
                .doesNotContainKeys("findAndModify lead_scores", "insert lead_scores");
        LeadScored scored = awaitScores(infra, leadId, 1).get(0);
        assertThat(scored.fit()).isEqualTo(80);
        assertThat(scored.previousTotal()).isNull();

        // when the same poll comes again (a redelivery after a crash before the commit)
        commands.start(leadId);
        ScoringBatch.Applied again = batch.apply(poll(records));
        Map<String, Integer> replayed = commands.stop();

        // then it is read and nothing is written or published
        assertThat(again.counted()).extracting(ScoringBatch.Counted::outcome).containsOnly(DUPLICATE);
        assertThat(replayed).containsEntry("find lead_scores", 1).doesNotContainKeys("update lead_scores versioned",
                "findAndModify lead_scores", "insert lead_scores");
        assertNoFurtherScore(leadId, 1);
    }

    @Test
    void values_after_a_tombstone_in_the_same_poll_are_ignored_and_nothing_is_published() {
        // given a lead scored with its personal values
        String leadId = newLeadId("profiles-batch-tombstone");
        LeadCaptured captured = awaiting(leadId);
        batch.apply(poll(List.of(values(captured.personalData()))));
        awaitScores(infra, leadId, 1);

        // when one poll brings its tombstone, then its values again and newer ones
        ScoringBatch.Applied applied = batch.apply(poll(List.of(tombstone(leadId), values(captured.personalData()),
                values(retitled(captured, 2, "Chief Executive Officer")))));

        // then the tombstone is applied, the values are not, and the store keeps none of them
        assertThat(applied.counted()).extracting(ScoringBatch.Counted::type, ScoringBatch.Counted::outcome)
                .containsExactly(
                        tuple(LeadProfileBatch.TYPE_TOMBSTONE, APPLIED),
                        tuple(LeadProfileBatch.TYPE_PERSONAL_DATA, DUPLICATE),
                        tuple(LeadProfileBatch.TYPE_PERSONAL_DATA, DUPLICATE));
        LeadScoringState state = states.findState(leadId).orElseThrow();
        assertThat(state.personalDataErased()).isTrue();
        assertThat(state.profile().title()).isNull();
        assertThat(state.profile().companyDomain()).isNull();
        assertThat(state.profile().emailDomain()).isNull();
        assertNoFurtherScore(leadId, 1);
    }

    @Test
    void values_ahead_of_the_profile_are_stored_and_wait_for_their_event() {
        // given a lead scored with its personal values of sequence 1
        String leadId = newLeadId("profiles-batch-ahead");
        LeadCaptured captured = awaiting(leadId);
        batch.apply(poll(List.of(values(captured.personalData()))));
        awaitScores(infra, leadId, 1);

        // when one poll brings new values for sequence 1, then those of sequence 2, whose event has not come yet
        batch.apply(poll(List.of(values(retitled(captured, 1, "Operations Manager")),
                values(retitled(captured, 2, "Chief Executive Officer")))));

        // then the newest values are stored, and no score mixing them with the older profile is published
        LeadScoringState state = states.findState(leadId).orElseThrow();
        assertThat(state.personalSequence()).isEqualTo(2);
        assertThat(state.profileSequence()).isEqualTo(1);
        assertThat(state.profile().title()).isEqualTo("Chief Executive Officer");
        assertNoFurtherScore(leadId, 1);
    }

    @Test
    void a_lead_the_lead_events_consumer_changed_between_read_and_write_is_read_and_written_again_alone() {
        Instant now = clock.instant();
        String prefix = newLeadId("profiles-race");
        String raced = prefix + "-raced";
        String quiet = prefix + "-quiet";
        LeadCaptured racedCapture = awaiting(raced);
        LeadCaptured quietCapture = awaiting(quiet);
        long racedVersion = states.findState(raced).orElseThrow().version();

        // given the other channel stores a demo request of one lead right after the poll's leads were read
        commands.start(prefix);
        commands.afterNextRead(() -> scoring.apply(activity(raced, 2, ActivityType.DEMO_REQUESTED, now)));

        // when the poll brings both leads' personal values
        ScoringBatch.Applied applied = batch.apply(poll(List.of(values(racedCapture.personalData()),
                values(quietCapture.personalData()))));
        Map<String, Integer> sent = commands.stop();
        List<String> reads = commands.commands().stream().filter(c -> c.startsWith("{\"find\"")
                && c.contains("\"$in\"") && !c.contains("\"writeToken\"")).toList();

        // then the raced lead alone is read and written again, and it keeps both changes
        assertThat(applied.poison()).isEmpty();
        assertThat(reads.size()).isGreaterThanOrEqualTo(2);
        assertThat(reads.get(0)).contains(raced).contains(quiet);
        assertThat(reads.subList(1, reads.size())).allSatisfy(read -> assertThat(read).contains(raced)
                .doesNotContain(quiet));
        assertThat(sent.get("update lead_scores versioned")).isEqualTo(reads.size());
        LeadScoringState racedState = states.findState(raced).orElseThrow();
        assertThat(racedState.version()).isGreaterThanOrEqualTo(racedVersion + 2);
        assertThat(racedState.activities()).extracting(Activity::type).containsExactly(ActivityType.DEMO_REQUESTED);
        assertThat(racedState.awaitingPersonalData()).isFalse();
        assertThat(racedState.profile().title()).isEqualTo("VP Operations");
        assertThat(states.findState(quiet).orElseThrow().awaitingPersonalData()).isFalse();
        // and each is scored once its values are in, the raced lead with its demo request
        assertThat(awaitScores(infra, raced, 1).get(0).engagement()).isEqualTo(35);
        assertThat(awaitScores(infra, quiet, 1).get(0).engagement()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(raced, quiet)
                .allMatch(leadId -> scoresOf(infra, leadId).size() == 1));
    }
}
