package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.ScoreReason;
import io.leadfunnel.events.Topics;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.repository.LeadScoringDocument;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static io.leadfunnel.scoring.LeadEvents.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real broker: the personal values on lead.profiles and the lead events without them on lead.events, in
 * either order, give one LeadScored whose fit reads the title and the e-mail domain; a tombstone (a record with a
 * null value, which reaches the consumer) removes them from the store and publishes nothing.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class LeadProfilesEndToEndTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    LeadScoringRepository states;

    /**
     * A chief officer of a 450-people German manufacturer with a free-mail address: fit 25 + 25 + 30 (title) + 10
     * - 20 (e-mail domain) = 70; without the personal values it would be 60.
     */
    LeadCaptured capturedWithPersonalValues(String leadId) {
        return new LeadCaptured(UUID.randomUUID(), leadId, clock.instant(), FunnelEvent.SCHEMA_VERSION,
                LeadEvent.PRODUCER, 1,
                new LeadProfile("maria.keller@gmail.com", "Maria", "Keller", "Acme Robotics GmbH",
                        "acme-robotics.example", "Chief Operating Officer", "DE", "Manufacturing", 450, LeadSource.WEBINAR,
                        "Webinar", "2026-q1-automation-webinar", LeadOrigin.MARKETING),
                Map.of(), "api");
    }

    void sendProfile(String leadId, String value) {
        try (TopicWriter writer = infra.topicWriter()) {
            writer.send(Topics.LEAD_PROFILES, leadId, value);
        }
    }

    LeadScoringDocument stored(String leadId) {
        return states.findById(leadId);
    }

    static void assertScoredWithThePersonalValues(List<LeadScored> scores) {
        assertThat(scores).hasSize(1);
        LeadScored scored = scores.get(0);
        assertThat(scored.fit()).isEqualTo(70);
        assertThat(scored.reasons()).extracting(ScoreReason::rule, ScoreReason::points).contains(
                org.assertj.core.groups.Tuple.tuple("fit.seniority.c-level", 30.0),
                org.assertj.core.groups.Tuple.tuple("fit.freeMail", -20.0));
    }

    void assertNoFurtherScore(String leadId, int count) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> scoresOf(infra, leadId).size() == count);
    }

    @Test
    void personal_values_first_then_the_event_are_scored_once() {
        // given the personal values on lead.profiles, taken in before the event is sent
        String leadId = newLeadId("profiles-first");
        LeadCaptured captured = capturedWithPersonalValues(leadId);
        sendProfile(leadId, FunnelJson.writePersonalData(captured.personalData()));
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(leadId) != null);
        assertThat(stored(leadId).profile.title).isEqualTo("Chief Operating Officer");

        // when the LeadCaptured without personal values arrives on lead.events
        send(infra, captured.withoutPersonalValues());

        // then one LeadScored whose fit reads the title and the e-mail domain
        assertScoredWithThePersonalValues(awaitScores(infra, leadId, 1));
        assertNoFurtherScore(leadId, 1);
    }

    @Test
    void the_event_first_waits_for_the_personal_values_then_is_scored_and_a_tombstone_removes_them() {
        // given the LeadCaptured without personal values, taken in first: the lead waits, nothing is published
        String leadId = newLeadId("events-first");
        LeadCaptured captured = capturedWithPersonalValues(leadId);
        send(infra, captured.withoutPersonalValues());
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(leadId) != null);
        assertThat(stored(leadId).awaitingPersonalData).isTrue();
        assertNoFurtherScore(leadId, 0);

        // when its personal values arrive on lead.profiles
        sendProfile(leadId, FunnelJson.writePersonalData(captured.personalData()));

        // then it is scored with them, once
        assertScoredWithThePersonalValues(awaitScores(infra, leadId, 1));
        assertThat(stored(leadId).awaitingPersonalData).isNull();
        assertThat(stored(leadId).profile.emailDomain).isEqualTo("gmail.com");

        // when the lead's personal data is erased: a tombstone on lead.profiles
        sendProfile(leadId, null);

        // then the stored document keeps none of the personal attributes, and no score is published for it
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(stored(leadId).personalDataErased));
        LeadScoringDocument doc = stored(leadId);
        assertThat(doc.profile.title).isNull();
        assertThat(doc.profile.companyDomain).isNull();
        assertThat(doc.profile.emailDomain).isNull();
        assertThat(doc.profile.industry).isEqualTo("Manufacturing");
        org.bson.Document raw = states.mongoCollection().withDocumentClass(org.bson.Document.class)
                .find(new org.bson.Document("_id", leadId)).first();
        assertThat(raw.toJson()).doesNotContain("Chief Operating Officer").doesNotContain("gmail")
                .doesNotContain("acme-robotics");
        assertNoFurtherScore(leadId, 1);
    }

    @Test
    void an_unreadable_profile_record_goes_to_the_dead_letter_topic_without_its_value() {
        // given a record on lead.profiles that is not personal data, quoting a marker value
        String leadId = newLeadId("profiles-dlq");
        String marker = "dlq-marker-" + UUID.randomUUID() + "@gmail.com";
        sendProfile(leadId, "{\"leadId\":\"" + leadId + "\",\"sequence\":\"" + marker + "\"}");

        // then it is on lead.profiles.dlq with its key and cause, but neither its value nor the marker
        ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> infra.topicReader()
                        .readAll(Topics.deadLetter(Topics.LEAD_PROFILES), Duration.ofSeconds(20)).stream()
                        .filter(record -> leadId.equals(record.key())).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(dead.value()).isNull();
        assertThat(dead.headers().lastHeader("dead-letter-reason")).isNotNull();
        for (Header header : dead.headers()) {
            String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            assertThat(value).as(header.key()).doesNotContain(marker);
        }
        assertThat(stored(leadId)).isNull();
    }
}
