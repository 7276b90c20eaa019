package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.InMemoryLifecycles;
import io.leadfunnel.handoff.StandInServices;
import io.leadfunnel.handoff.service.DefinitionService;
import io.leadfunnel.handoff.service.LifecycleBatch;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.store.LeadLocks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll consumed while other writers keep winning the race on a lead's document is applied in the end, however many
 * races it loses, and nothing is dead-lettered; a record that can never apply is dead-lettered alone, at once, and the
 * rest of its poll is applied. Plain JUnit over the consumer and the batch applier, with a store that reports the lost
 * races.
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
        return new FunnelConsumer(new LifecycleService(store, definitions, routing, Clock.systemUTC(), locks),
                new LifecycleBatch(store, definitions, routing, Clock.systemUTC(), locks), deadLetters, registry,
                Topics.deadLetter(Topics.LEAD_EVENTS), Topics.deadLetter(Topics.LEAD_SCORES));
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

    /** Keeps the dead letters instead of sending them. */
    private static final class CapturedDeadLetters extends DeadLetters {

        final List<Poison> sent = new ArrayList<>();
        final List<String> topics = new ArrayList<>();

        CapturedDeadLetters() {
            super(null);
        }

        @Override
        public void send(String topic, List<Poison> poison) {
            if (!poison.isEmpty()) {
                topics.add(topic);
                sent.addAll(poison);
            }
        }
    }
}
