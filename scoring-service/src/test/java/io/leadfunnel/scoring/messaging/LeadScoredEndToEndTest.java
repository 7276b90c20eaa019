package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreReason;
import io.leadfunnel.events.Topics;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.repository.LeadScoringDocument;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitLastScore;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.erased;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static io.leadfunnel.scoring.LeadEvents.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Through the real broker: lead.events in, lead.scores out. */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class LeadScoredEndToEndTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    LeadScoringRepository states;

    @Test
    void a_captured_lead_and_its_activities_are_scored_and_a_replay_publishes_nothing_new() {
        // given a captured VP of a target manufacturer, a demo request now and a webinar a half-life ago
        String leadId = newLeadId("e2e");
        Instant now = clock.instant();
        LeadCaptured captured = captured(leadId, now.minus(Duration.ofDays(31)));
        LeadActivityRecorded demo = activity(leadId, 2, ActivityType.DEMO_REQUESTED, now);
        LeadActivityRecorded webinar = activity(leadId, 3, ActivityType.WEBINAR_ATTENDED, now.minus(Duration.ofDays(30)));

        // when they are published on lead.events, each once the one before was scored (so each comes in a poll of
        // its own: a poll publishes one LeadScored per lead, BatchConsumptionTest)
        send(infra, captured);
        awaitScores(infra, leadId, 1);
        send(infra, demo);
        awaitScores(infra, leadId, 2);
        send(infra, webinar);

        // then one LeadScored per change: fit 80 alone, + demo (35), + webinar (10 halved to 5)
        List<LeadScored> scores = awaitScores(infra, leadId, 3);
        assertThat(scores).extracting(LeadScored::fit, LeadScored::engagement, LeadScored::total, LeadScored::grade)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(80, 0, 48, "A"),
                        org.assertj.core.groups.Tuple.tuple(80, 35, 62, "A"),
                        org.assertj.core.groups.Tuple.tuple(80, 40, 64, "A"));
        LeadScored last = scores.get(2);
        assertThat(last.previousFit()).isEqualTo(80);
        assertThat(last.previousEngagement()).isEqualTo(35);
        assertThat(last.previousTotal()).isEqualTo(62);
        assertThat(last.previousGrade()).isEqualTo("A");
        assertThat(last.modelVersion()).isEqualTo(1);
        assertThat(last.trigger()).isEqualTo("event");
        assertThat(last.producer()).isEqualTo("scoring-service");
        assertThat(last.reasons()).extracting(ScoreReason::rule, ScoreReason::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fit.industry", 25.0),
                org.assertj.core.groups.Tuple.tuple("fit.companySize.201-1000", 25.0),
                org.assertj.core.groups.Tuple.tuple("fit.seniority.vp", 20.0),
                org.assertj.core.groups.Tuple.tuple("fit.country", 10.0),
                org.assertj.core.groups.Tuple.tuple("engagement.WEBINAR_ATTENDED", 5.0),
                org.assertj.core.groups.Tuple.tuple("engagement.DEMO_REQUESTED", 35.0));
        assertThat(scores.get(0).previousFit()).isNull();

        // when the same events are delivered again, followed by one new activity
        send(infra, captured, demo, webinar, webinar);
        send(infra, activity(leadId, 4, ActivityType.PRICING_PAGE_VIEW, now));

        // then only the new activity is scored (events of one lead stay in order, so the replay came first)
        List<LeadScored> after = awaitScores(infra, leadId, 4);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> scoresOf(infra, leadId).size() == 4);
        assertThat(after.get(3).engagement()).isEqualTo(50);
        assertThat(after.get(3).previousEngagement()).isEqualTo(40);
        // and the outbox is empty once published
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            LeadScoringDocument doc = states.findById(leadId);
            return doc.outbox == null || doc.outbox.isEmpty();
        });
    }

    @Test
    void an_unreadable_record_goes_to_the_dead_letter_topic_and_the_lead_is_still_scored() {
        // given a record that is not a lead event, then a good one, for the same lead (same partition)
        String leadId = newLeadId("dlq");
        try (io.leadfunnel.testing.TopicWriter writer = infra.topicWriter()) {
            writer.send(Topics.LEAD_EVENTS, leadId, "{\"type\":\"LeadCaptured\",\"leadId\":\"" + leadId + "\"}");
        }
        send(infra, captured(leadId, clock.instant()));

        // then the good one is scored and the bad one is on lead.events.dlq
        assertThat(awaitScores(infra, leadId, 1).get(0).fit()).isEqualTo(80);
        assertThat(infra.topicReader().await(Topics.deadLetter(Topics.LEAD_EVENTS), 1, Duration.ofSeconds(20)))
                .anyMatch(record -> leadId.equals(record.key()));
    }

    @Test
    void an_erased_lead_keeps_no_personal_data() {
        // given a scored lead
        String leadId = newLeadId("erase");
        Instant now = clock.instant();
        send(infra, captured(leadId, now), activity(leadId, 2, ActivityType.DEMO_REQUESTED, now));
        awaitLastScore(infra, leadId, s -> s.engagement() == 35);

        // when it is erased, and a late profile event arrives afterwards
        send(infra, erased(leadId, 3, now), captured(leadId, now));

        // then the stored state is a tombstone: no profile, no activities, no score or reasons
        await().atMost(Duration.ofSeconds(20)).until(() -> states.findById(leadId).erasedAt != null);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15)).until(() -> {
            LeadScoringDocument doc = states.findById(leadId);
            return doc.profile == null && doc.activities == null && doc.score == null && doc.modelVersion == null
                    && doc.nextEvaluationAt == null;
        });
        org.bson.Document stored = states.mongoCollection().withDocumentClass(org.bson.Document.class)
                .find(new org.bson.Document("_id", leadId)).first();
        assertThat(stored.toJson()).doesNotContainIgnoringCase("acme").doesNotContain("VP Operations")
                .doesNotContain("Maria").doesNotContain("Manufacturing");
        // only bookkeeping is left: no field could hold the company size or any other profile value (writeToken is
        // the random number of the last write of changed fields)
        assertThat(stored.keySet()).isSubsetOf("_id", "appliedEventIds", "outbox", "profileSequence", "updatedAt",
                "version", "erasedAt", "outboxPending", "writeToken");
    }
}
