package io.leadfunnel.metrics.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.metrics.MetricsTestProfile;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.BusinessOrderFold;
import io.leadfunnel.metrics.scenario.Events;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.service.FactService;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.testing.DeadLetterRecords;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.MarkedCommandRecorder;
import io.leadfunnel.testing.TopicWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.leadfunnel.testing.DeadLetterRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real broker, the three channels a poll at a time: a poll of several leads' records costs one read and one
 * bulk write of the facts and counts each record once; a poison record among good ones goes alone to the dead-letter
 * topic; a poll waits out a MongoDB outage longer than the driver's timeouts and loses nothing.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class BatchConsumptionTest {

    private static final int LEADS = 5;
    private static final Instant T0 = Instant.parse("2025-04-07T09:00:00Z");

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    FactService facts;

    @Inject
    MarkedCommandRecorder commands;

    @Inject
    MeterRegistry registry;

    private static String newPrefix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Events lead(String leadId) {
        return Events.lead(leadId)
                .captured(T0, Events.profile(LeadSource.WEBINAR, "spring", LeadOrigin.MARKETING, 200, "software"));
    }

    private static ProducerRecord<String, String> record(FunnelEvent event) {
        return new ProducerRecord<>(GoldenFeed.topicOf(event), 0, event.leadId(), FunnelJson.write(event));
    }

    private void sendInOnePoll(List<FunnelEvent> events) {
        TopicWriter.sendInOnePoll(infra.kafkaBootstrapServers(), events.stream().map(BatchConsumptionTest::record)
                .toList());
    }

    private Optional<LeadFact> factOf(String leadId) {
        return facts.fact(leadId);
    }

    private void awaitFacts(List<String> leads, Map<String, List<FunnelEvent>> events) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String leadId : leads) {
                assertThat(factOf(leadId)).contains(BusinessOrderFold.fact(leadId, events.get(leadId)));
            }
        });
    }

    private double consumed(String topic, String outcome) {
        return registry.find("funnel.consumed").tags("topic", topic, "outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void a_poll_of_several_leads_is_one_read_and_one_bulk_write_of_their_facts() {
        // given several captured leads
        String prefix = newPrefix("fact-poll");
        List<String> leads = new ArrayList<>();
        Map<String, List<FunnelEvent>> all = new HashMap<>();
        Map<String, List<FunnelEvent>> captured = new HashMap<>();
        List<FunnelEvent> captures = new ArrayList<>();
        List<FunnelEvent> lifecycle = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String leadId = prefix + "-" + i;
            leads.add(leadId);
            List<FunnelEvent> events = lead(leadId).stage(T0.plus(Duration.ofHours(1)), Stage.MQL)
                    .handoff(T0.plus(Duration.ofHours(2)), "alice", "emea", Duration.ofHours(4)).events();
            all.put(leadId, events);
            captures.add(events.get(0));
            captured.put(leadId, events.subList(0, 1));
            lifecycle.addAll(events.subList(1, events.size()));
            lifecycle.add(events.get(1));
        }
        sendInOnePoll(captures);
        awaitFacts(leads, captured);
        double duplicates = consumed(Topics.LEAD_LIFECYCLE, "duplicate");

        // when their stage changes and hand-offs arrive in one poll, the stage change twice
        commands.start(prefix);
        sendInOnePoll(lifecycle);

        // then each lead's fact is the fold of all its events, from one read and one bulk write (counted until the
        // poll is through, before the facts are read back)
        await().atMost(Duration.ofSeconds(60))
                .until(() -> consumed(Topics.LEAD_LIFECYCLE, "duplicate") - duplicates >= LEADS);
        Map<String, Integer> sent = commands.stop();
        awaitFacts(leads, all);
        System.out.printf("MongoDB commands for a poll of %d records of %d leads: %s%n", lifecycle.size(), LEADS, sent);
        String generation = facts.activeGeneration();
        // the aggregates' fold runs on its own timer and may fall into the poll's window; the open leads' lists it
        // writes name these leads, so its commands match too: they are not the poll's
        Map<String, Integer> ofThePoll = new HashMap<>(sent);
        ofThePoll.keySet().removeIf(command -> command.contains(generation + "_aggregates_"));
        assertThat(ofThePoll).containsOnly(Map.entry("find " + generation, 1),
                Map.entry("update " + generation + " versioned", 1));
        assertThat(consumed(Topics.LEAD_LIFECYCLE, "duplicate") - duplicates).isEqualTo(LEADS);
    }

    @Test
    void a_poison_record_goes_alone_to_the_dead_letter_topic_and_the_rest_of_the_poll_is_applied() {
        // given a poll with a good lead's stage change, a record that is no lifecycle event, and its hand-off
        String good = newPrefix("fact-good");
        String bad = newPrefix("fact-bad");
        List<FunnelEvent> events = lead(good).stage(T0.plus(Duration.ofHours(1)), Stage.MQL)
                .handoff(T0.plus(Duration.ofHours(2)), "bob", "emea", Duration.ofHours(4)).events();
        ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.LEAD_LIFECYCLE, 0, bad,
                "{\"type\":\"LeadStageChanged\",\"leadId\":\"" + bad + "\"}");
        sendInOnePoll(events.subList(0, 1));

        // when it arrives in one poll
        TopicWriter.sendInOnePoll(infra.kafkaBootstrapServers(),
                List.of(record(events.get(1)), poison, record(events.get(2))));

        // then the good lead has both events
        awaitFacts(List.of(good), Map.of(good, events));
        // and the poison record alone is on lead.lifecycle.dlq, with its cause and where it came from
        String dlq = Topics.deadLetter(Topics.LEAD_LIFECYCLE);
        List<ConsumerRecord<String, String>> dead = DeadLetterRecords.awaitAny(infra, dlq, bad, good);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(bad);
            assertThat(record.value()).isEqualTo(poison.value());
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo(Topics.LEAD_LIFECYCLE);
            assertThat(header(record, DeadLetters.OFFSET)).isNotBlank();
        });
    }

    @Test
    void a_poll_waits_out_a_mongodb_outage_longer_than_the_driver_timeouts_and_loses_nothing() throws Exception {
        // given MongoDB is down
        String prefix = newPrefix("fact-outage");
        List<String> leads = List.of(prefix + "-0", prefix + "-1", prefix + "-2");
        Map<String, List<FunnelEvent>> all = new HashMap<>();
        List<FunnelEvent> captures = new ArrayList<>();
        for (String leadId : leads) {
            all.put(leadId, lead(leadId).events());
            captures.addAll(all.get(leadId));
        }
        infra.stopMongo();
        try {
            // when a poll of their captures arrives, and MongoDB stays away for several times the 2 s timeouts
            sendInOnePoll(captures);
            Thread.sleep(10_000);
        } finally {
            infra.startMongo();
        }

        // then every lead is counted once MongoDB is back, and nothing was dead-lettered
        awaitFacts(leads, all);
        assertThat(infra.topicReader().readAll(Topics.deadLetter(Topics.LEAD_EVENTS), Duration.ofSeconds(5)))
                .noneMatch(record -> record.key() != null && record.key().startsWith(prefix));
    }

}
