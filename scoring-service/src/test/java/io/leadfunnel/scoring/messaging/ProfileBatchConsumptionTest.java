package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.testing.MarkedCommandRecorder;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.repository.LeadScoringDocument;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.testing.DeadLetterRecords;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.testing.DeadLetterRecords.header;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static io.leadfunnel.scoring.LeadEvents.send;
import static io.leadfunnel.scoring.LeadEvents.sendInOnePoll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real broker: a poll of lead.profiles records costs one read and one bulk write and publishes one
 * LeadScored per lead it opens the gate of, a tombstone in it included; a poison record among good ones goes alone to
 * lead.profiles.dlq, without its value.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ProfileBatchConsumptionTest {

    private static final int LEADS = 5;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    MarkedCommandRecorder commands;

    @Inject
    LeadScoringRepository states;

    private static ProducerRecord<String, String> record(LeadPersonalData personal) {
        return new ProducerRecord<>(Topics.LEAD_PROFILES, 0, personal.leadId(), FunnelJson.writePersonalData(personal));
    }

    private static ProducerRecord<String, String> tombstone(String leadId) {
        return new ProducerRecord<>(Topics.LEAD_PROFILES, 0, leadId, null);
    }

    /** Leads captured with their personal values on lead.profiles, the captures taken in: they await them. */
    private List<LeadCaptured> awaiting(List<String> leadIds) {
        List<LeadCaptured> captures = leadIds.stream().map(leadId -> captured(leadId, clock.instant())).toList();
        captures.forEach(captured -> send(infra, captured.withoutPersonalValues()));
        await().atMost(Duration.ofSeconds(30)).until(() -> leadIds.stream().map(states::findById)
                .allMatch(doc -> doc != null && Boolean.TRUE.equals(doc.awaitingPersonalData)));
        return captures;
    }

    @Test
    void a_poll_of_several_leads_values_and_a_tombstone_is_one_read_one_bulk_write_and_one_leadscored_per_lead() {
        // given several leads awaiting their personal values, and one scored with them already
        String prefix = newLeadId("profiles-poll");
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            leads.add(prefix + "-" + i);
        }
        String erased = prefix + "-erased";
        List<LeadCaptured> captures = awaiting(leads);
        LeadCaptured erasedCapture = awaiting(List.of(erased)).get(0);
        sendInOnePoll(infra, List.of(record(erasedCapture.personalData())));
        awaitScores(infra, erased, 1);

        // when one poll brings each waiting lead's values, twice, and the scored lead's tombstone
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        captures.forEach(captured -> records.add(record(captured.personalData())));
        records.add(tombstone(erased));
        captures.forEach(captured -> records.add(record(captured.personalData())));
        commands.start(prefix);
        sendInOnePoll(infra, records);

        // then each waiting lead has one LeadScored whose fit reads its title and e-mail domain
        for (String leadId : leads) {
            LeadScored scored = awaitScores(infra, leadId, 1).get(0);
            assertThat(List.of(scored.fit(), scored.engagement())).containsExactly(80, 0);
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> leads.stream().allMatch(leadId -> scoresOf(infra, leadId).size() == 1)
                        && scoresOf(infra, erased).size() == 1);
        Map<String, Integer> sent = commands.stop();
        System.out.printf("MongoDB commands for a poll of %d lead.profiles records of %d leads: %s%n",
                records.size(), LEADS + 1, sent);
        // one _id $in read and one bulk write for the poll (the relay's clearing of the published events, a plain update,
        // is counted apart)
        assertThat(sent).containsEntry("find lead_scores", 1).containsEntry("update lead_scores versioned", 1)
                .doesNotContainKeys("findAndModify lead_scores", "insert lead_scores");
        // and the erased lead, written in that same bulk write, keeps none of its personal values
        LeadScoringDocument doc = states.findById(erased);
        assertThat(doc.personalDataErased).isTrue();
        assertThat(doc.profile.title).isNull();
        assertThat(doc.profile.emailDomain).isNull();
    }

    @Test
    void a_poison_record_goes_alone_to_the_dead_letter_topic_without_its_value_and_the_rest_is_applied() {
        // given a poll with a good lead's values and a record of another lead that is no personal data, quoting a
        // marker value
        String good = newLeadId("profiles-poll-good");
        String bad = newLeadId("profiles-poll-bad");
        String marker = "dlq-marker-" + UUID.randomUUID() + "@gmail.com";
        LeadCaptured captured = awaiting(List.of(good)).get(0);
        ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.LEAD_PROFILES, 0, bad,
                "{\"leadId\":\"" + bad + "\",\"email\":\"" + marker + "\",\"sequence\":\"" + marker + "\"}");

        // when they arrive in one poll
        sendInOnePoll(infra, List.of(poison, record(captured.personalData())));

        // then the good lead is scored with its values
        assertThat(awaitScores(infra, good, 1).get(0).fit()).isEqualTo(80);
        // and the poison record alone is on lead.profiles.dlq, with its key and cause, but no value and no marker
        String dlq = Topics.deadLetter(Topics.LEAD_PROFILES);
        List<ConsumerRecord<String, String>> dead = DeadLetterRecords.awaitAny(infra, dlq, bad, good);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(bad);
            assertThat(record.value()).isNull();
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo(Topics.LEAD_PROFILES);
            assertThat(header(record, DeadLetters.PARTITION)).isEqualTo("0");
            assertThat(header(record, DeadLetters.OFFSET)).isNotBlank();
            for (Header header : record.headers()) {
                String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
                assertThat(value).as(header.key()).doesNotContain(marker).doesNotContain("gmail");
            }
        });
        assertThat(states.findById(bad)).isNull();
    }

}
