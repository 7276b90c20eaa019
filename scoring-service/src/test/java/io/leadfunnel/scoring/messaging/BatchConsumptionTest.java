package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.testing.MarkedCommandRecorder;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.testing.DeadLetterRecords;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.testing.DeadLetterRecords.header;
import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static io.leadfunnel.scoring.LeadEvents.sendInOnePoll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real broker: a poll of lead events costs one read and one bulk write, and publishes one LeadScored per
 * lead; a poison record among good ones goes alone to lead.events.dlq with its cause; a poll waits out a MongoDB
 * outage.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class BatchConsumptionTest {

    private static final int LEADS = 5;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    MarkedCommandRecorder commands;

    private static ProducerRecord<String, String> record(LeadEvent event) {
        return new ProducerRecord<>(Topics.LEAD_EVENTS, 0, event.leadId(), FunnelJson.write(event));
    }

    @Test
    void a_poll_of_several_leads_is_one_read_one_bulk_write_and_one_leadscored_per_lead() {
        // given several leads, each captured, with a demo request now, a webinar a half-life ago, and a duplicate
        Instant now = clock.instant();
        String prefix = newLeadId("poll");
        List<String> leads = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String leadId = prefix + "-" + i;
            leads.add(leadId);
            LeadEvent capture = captured(leadId, now.minus(Duration.ofDays(31)));
            records.add(record(capture));
            records.add(record(activity(leadId, 2, ActivityType.DEMO_REQUESTED, now)));
            records.add(record(activity(leadId, 3, ActivityType.WEBINAR_ATTENDED, now.minus(Duration.ofDays(30)))));
            records.add(record(capture));
        }

        // when they arrive in one poll
        commands.start(prefix);
        sendInOnePoll(infra, records);

        // then each lead has one LeadScored, from nothing to its score after all its events
        for (String leadId : leads) {
            LeadScored scored = awaitScores(infra, leadId, 1).get(0);
            assertThat(List.of(scored.fit(), scored.engagement(), scored.total())).containsExactly(80, 40, 64);
            assertThat(scored.previousTotal()).isNull();
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> leads.stream().allMatch(leadId -> scoresOf(infra, leadId).size() == 1));
        Map<String, Integer> sent = commands.stop();
        System.out.printf("MongoDB commands for a poll of %d records of %d leads: %s%n", records.size(), LEADS, sent);
        // one _id $in read and one bulk write for the poll (the relay's clearing of the published events, a plain update,
        // is counted apart)
        assertThat(sent).containsEntry("find lead_scores", 1).containsEntry("update lead_scores versioned", 1)
                .doesNotContainKeys("findAndModify lead_scores", "insert lead_scores");
    }

    @Test
    void a_stored_lead_is_written_with_only_the_fields_its_poll_changed() {
        // given a lead captured and scored
        Instant now = clock.instant();
        String leadId = newLeadId("fields");
        sendInOnePoll(infra, List.of(record(captured(leadId, now.minus(Duration.ofDays(1))))));
        awaitScores(infra, leadId, 1);

        // when a demo request for it arrives
        commands.start(leadId);
        sendInOnePoll(infra, List.of(record(activity(leadId, 2, ActivityType.DEMO_REQUESTED, now))));

        // then its write sets the new score and appends the activity and the event id, and sends no profile
        assertThat(awaitScores(infra, leadId, 2).get(1).engagement()).isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> commands.commands().stream().anyMatch(c -> c.contains(
                "\"writeToken\"")));
        List<String> writes = commands.commands().stream().filter(c -> c.contains("\"writeToken\"")).toList();
        commands.stop();
        System.out.println("the write of a stored lead: " + writes);
        assertThat(writes).hasSize(1);
        // an update of what changed, not an upsert: a document deleted meanwhile would not be created half
        assertThat(writes.get(0)).contains("\"score.total\"", "\"$push\"", "\"appliedEventIds\"", "\"activities\"")
                .doesNotContain("\"profile", "\"companySize\"", "\"upsert\": true");
    }

    @Test
    void a_poison_record_goes_alone_to_the_dead_letter_topic_and_the_rest_of_the_poll_is_applied() {
        // given a poll with a good lead's capture, a record that is no lead event, and the good lead's demo request
        Instant now = clock.instant();
        String good = newLeadId("poll-good");
        String bad = newLeadId("poll-bad");
        ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.LEAD_EVENTS, 0, bad,
                "{\"type\":\"LeadCaptured\",\"leadId\":\"" + bad + "\"}");

        // when it arrives in one poll
        sendInOnePoll(infra, List.of(record(captured(good, now)), poison,
                record(activity(good, 2, ActivityType.DEMO_REQUESTED, now))));

        // then the good lead is scored on both its events
        LeadScored scored = awaitScores(infra, good, 1).get(0);
        assertThat(List.of(scored.fit(), scored.engagement())).containsExactly(80, 35);
        // and the poison record alone is on lead.events.dlq, with its cause and where it came from
        String dlq = Topics.deadLetter(Topics.LEAD_EVENTS);
        List<ConsumerRecord<String, String>> dead = DeadLetterRecords.awaitAny(infra, dlq, bad, good);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(bad);
            assertThat(record.value()).isEqualTo(poison.value());
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
            assertThat(header(record, DeadLetters.EXCEPTION_CLASS_NAME)).isNotBlank();
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo(Topics.LEAD_EVENTS);
            assertThat(header(record, DeadLetters.PARTITION)).isEqualTo("0");
            assertThat(header(record, DeadLetters.OFFSET)).isNotBlank();
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> infra.topicReader()
                .readAll(dlq, Duration.ofSeconds(5)).stream().filter(r -> r.key().equals(good)).findAny().isEmpty());
    }

    @Test
    void a_poll_waits_out_a_mongodb_outage_longer_than_the_driver_timeouts_and_loses_nothing() throws Exception {
        // given MongoDB is down
        Instant now = clock.instant();
        String prefix = newLeadId("poll-outage");
        List<String> leads = List.of(prefix + "-0", prefix + "-1", prefix + "-2");
        infra.stopMongo();
        try {
            // when a poll of their events arrives, and MongoDB stays away for several times the 2 s timeouts
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (String leadId : leads) {
                records.add(record(captured(leadId, now)));
                records.add(record(activity(leadId, 2, ActivityType.DEMO_REQUESTED, now)));
            }
            sendInOnePoll(infra, records);
            Thread.sleep(10_000);
        } finally {
            infra.startMongo();
        }

        // then every lead is scored once MongoDB is back, and nothing was dead-lettered
        for (String leadId : leads) {
            LeadScored scored = await().atMost(Duration.ofSeconds(60)).until(() -> scoresOf(infra, leadId),
                    scores -> !scores.isEmpty()).get(0);
            assertThat(List.of(scored.fit(), scored.engagement())).containsExactly(80, 35);
        }
        assertThat(infra.topicReader().readAll(Topics.deadLetter(Topics.LEAD_EVENTS), Duration.ofSeconds(5)))
                .noneMatch(record -> record.key() != null && record.key().startsWith(prefix));
    }

}
