package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.InMemoryLifecycles;
import io.leadfunnel.handoff.StandInServices;
import io.leadfunnel.handoff.service.DefinitionService;
import io.leadfunnel.handoff.service.LifecycleBatch;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.kafka.KafkaClients;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.testing.kits.PersonalData;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll consumed while other writers keep winning the race on a lead's document is applied in the end, however many
 * races it loses, and nothing is dead-lettered; a record that can never apply is dead-lettered alone, at once, and the
 * rest of its poll is applied (a lead.profiles one without its value, with a cause that quotes nothing of the store's
 * message). Plain JUnit over the consumer and the batch applier, with a store that reports the lost races.
 */
class ContendedFactTest {

    /** More lost races than the batch applier's attempts per call, twice over. */
    private static final int LOST_RACES = 25;

    private final InMemoryLifecycles store = new InMemoryLifecycles();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CapturedDeadLetters deadLetters = new CapturedDeadLetters();
    private final FunnelConsumer consumer = consumer(store, registry, deadLetters);

    private static FunnelConsumer consumer(InMemoryLifecycles store, SimpleMeterRegistry registry,
                                           DeadLetters deadLetters) {
        DefinitionService definitions = StandInServices.defaultDefinitionOnly();
        RoutingService routing = StandInServices.toInboundQueue();
        LeadLocks locks = new LeadLocks();
        return new FunnelConsumer(new LifecycleBatch(store, definitions, routing, Clock.systemUTC(), locks),
                new PollConsumption(deadLetters, registry, key -> Optional.empty()));
    }

    @Test
    void given_a_captured_lead_when_its_qualifying_score_loses_more_races_than_one_call_tries_then_it_is_retried_until_the_lead_is_an_mql() {
        String lead = Fixtures.uniqueId("lead");
        consumer.onLeadEvents(Fixtures.poll(Topics.LEAD_EVENTS,
                Fixtures.captured(lead, Fixtures.profile("Manufacturing"))));
        store.loseNextRaces(LOST_RACES);

        consumer.onScores(Fixtures.poll(Topics.LEAD_SCORES, Fixtures.scored(lead, 70, "A")));

        assertThat(store.find(lead)).get().extracting(loaded -> loaded.lifecycle().stage()).isEqualTo(Stage.MQL);
        assertThat(store.published).extracting(LifecycleEvent::type)
                .containsExactly("LeadStageChanged", "HandoffAssigned");
        assertThat(store.writes).as("the capture, the lost races, the winning write").hasSize(1 + LOST_RACES + 1);
        assertThat(deadLetters.sent).isEmpty();
        assertThat(registry.counter("funnel.consumed", "topic", Topics.LEAD_SCORES, "type", "LeadScored",
                "outcome", "applied").count()).isEqualTo(1);
    }

    @Test
    void given_a_lead_whose_lifecycle_fails_for_good_when_its_poll_is_consumed_then_its_record_alone_is_dead_lettered() {
        String bad = Fixtures.uniqueId("lead-bad");
        String good = Fixtures.uniqueId("lead-good");
        store.failReadsOf(bad, new IllegalStateException("stored LeadLifecycle cannot be read"));

        consumer.onLeadEvents(Fixtures.poll(Topics.LEAD_EVENTS,
                Fixtures.captured(bad, Fixtures.profile("Manufacturing")),
                Fixtures.captured(good, Fixtures.profile("Manufacturing"))));

        assertThat(deadLetters.sent).singleElement().satisfies(poison -> {
            assertThat(poison.record().key()).isEqualTo(bad);
            assertThat(poison.cause()).isInstanceOf(IllegalStateException.class);
        });
        assertThat(deadLetters.topics).containsOnly(Topics.deadLetter(Topics.LEAD_EVENTS));
        assertThat(store.find(good)).isPresent();
        assertThat(store.writes).containsOnly(good);
    }

    @Test
    void given_a_lead_whose_lifecycle_fails_for_good_when_its_profile_record_is_consumed_then_it_is_dead_lettered_without_value_or_quote() {
        String bad = Fixtures.uniqueId("lead-bad");
        String good = Fixtures.uniqueId("lead-good");
        LeadCaptured badCapture = Fixtures.captured(bad, PersonalData.markedProfile());
        LeadCaptured goodCapture = Fixtures.captured(good, Fixtures.profile("Manufacturing"));
        store.failReadsOf(bad, new IllegalStateException("stored title " + PersonalData.TITLE + " cannot be read"));

        consumer.onPersonalData(profiles(badCapture.personalData(), goodCapture.personalData()));

        assertThat(deadLetters.sent).singleElement().satisfies(poison -> {
            assertThat(poison.record().key()).isEqualTo(bad);
            assertThat(poison.cause()).hasMessage("the lead.profiles record of lead " + bad
                    + " could not be applied (IllegalStateException)").hasNoCause();
        });
        assertThat(deadLetters.topics).containsOnly(Topics.deadLetter(Topics.LEAD_PROFILES));
        assertThat(deadLetters.values).containsOnly(DeadLetters.Value.WITHHELD);
        assertThat(store.find(good)).get().extracting(loaded -> loaded.lifecycle().state().personalData())
                .isNotNull();
        assertThat(registry.counter("funnel.consumed", "topic", Topics.LEAD_PROFILES, "type", "LeadPersonalData",
                "outcome", "applied").count()).isEqualTo(1);
        assertThat(registry.counter("funnel.consumed", "topic", Topics.LEAD_PROFILES, "type", "any",
                "outcome", "dead-lettered").count()).isEqualTo(1);
    }

    /** One poll of lead.profiles' partition 0 with these personal values, keyed by their leads. */
    private static ConsumerRecords<String, String> profiles(LeadPersonalData... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (LeadPersonalData personal : values) {
            records.add(new ConsumerRecord<>(Topics.LEAD_PROFILES, 0, records.size(), personal.leadId(),
                    FunnelJson.writePersonalData(personal)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.LEAD_PROFILES, 0), records), Map.of());
    }

    /** Keeps the dead letters instead of sending them. */
    private static final class CapturedDeadLetters extends DeadLetters {

        final List<Poison> sent = new ArrayList<>();
        final List<String> topics = new ArrayList<>();
        final List<Value> values = new ArrayList<>();

        CapturedDeadLetters() {
            super(new KafkaClients(Map.of(), "handoff-service"));
        }

        @Override
        public void send(String topic, List<Poison> poison, Value value) {
            if (!poison.isEmpty()) {
                topics.add(topic);
                values.add(value);
                sent.addAll(poison);
            }
        }
    }
}
