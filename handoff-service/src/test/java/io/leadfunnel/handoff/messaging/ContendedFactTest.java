package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.config.HandoffConfig;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.LeadFacts;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.repository.StoredJson;
import io.leadfunnel.handoff.service.DefinitionService;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.runtime.outbox.OutboxSignal;
import io.leadfunnel.runtime.store.LeadLocks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fact consumed while other writers keep winning the race on the lead's document is applied in the end, however
 * many races it loses, and is never handed to the dead-letter strategy; a fact that can never apply is, at once.
 * Plain JUnit over the consumer and the lifecycle service, with a store that reports the lost races.
 */
class ContendedFactTest {

    /** More lost races than the lifecycle service's attempts per call, twice over. */
    private static final int LOST_RACES = 25;

    private final ContendedLifecycles store = new ContendedLifecycles();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FunnelConsumer consumer = new FunnelConsumer(new LifecycleService(store, new DefaultDefinitionOnly(),
            new FallbackRouting(), Clock.systemUTC(), new LeadLocks()), registry);

    @Test
    void given_a_captured_lead_when_its_qualifying_score_loses_more_races_than_one_call_tries_then_it_is_retried_until_the_lead_is_an_mql() {
        String lead = Fixtures.uniqueId("lead");
        consumer.onLeadEvent(FunnelJson.write(Fixtures.captured(lead, Fixtures.profile("Manufacturing"))));
        store.loseNextRaces(LOST_RACES);

        consumer.onScore(FunnelJson.write(Fixtures.scored(lead, 70, "A")));

        assertThat(store.find(lead)).get().extracting(loaded -> loaded.lifecycle().stage()).isEqualTo(Stage.MQL);
        assertThat(store.published).extracting(LifecycleEvent::type)
                .containsExactly("LeadStageChanged", "HandoffAssigned");
        assertThat(store.writes).as("the capture, the lost races, the winning write").isEqualTo(1 + LOST_RACES + 1);
        assertThat(registry.counter("funnel.consumed", "topic", Topics.LEAD_SCORES, "type", "LeadScored",
                "outcome", "applied").count()).isEqualTo(1);
    }

    @Test
    void given_a_fact_that_fails_for_good_when_consumed_then_it_is_thrown_at_once_for_the_dead_letter_topic() {
        String lead = Fixtures.uniqueId("lead");
        store.failReadsWith(new IllegalStateException("stored LeadLifecycle cannot be read"));

        assertThatThrownBy(() -> consumer.onScore(FunnelJson.write(Fixtures.scored(lead, 70, "A"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.reads).isEqualTo(1);
        assertThat(store.writes).isZero();
    }

    /** The settings the services read when built: only the cache's refresh interval. */
    private static final HandoffConfig CONFIG = new HandoffConfig() {
        @Override
        public Sla sla() {
            return null;
        }

        @Override
        public Routing routing() {
            return null;
        }

        @Override
        public Cache cache() {
            return () -> Duration.ofSeconds(5);
        }
    };

    /** One lead's document in memory; the next {@code n} writes find that another writer came first. */
    private static final class ContendedLifecycles extends LifecycleRepository {

        final List<LifecycleEvent> published = new ArrayList<>();
        int reads;
        int writes;
        private Document state;
        private long version;
        private int racesToLose;
        private RuntimeException readFailure;

        ContendedLifecycles() {
            super(null, Clock.systemUTC(), null, new OutboxSignal());
        }

        void loseNextRaces(int n) {
            racesToLose = n;
        }

        void failReadsWith(RuntimeException failure) {
            readFailure = failure;
        }

        @Override
        public synchronized Optional<Loaded> find(String leadId) {
            reads++;
            if (readFailure != null) {
                throw readFailure;
            }
            return state == null ? Optional.empty() : Optional.of(new Loaded(
                    new LeadLifecycle(StoredJson.fromDocument(state, LeadLifecycle.State.class)), version));
        }

        @Override
        public synchronized boolean save(Loaded loaded) {
            writes++;
            if (loaded.version() != version) {
                return false;
            }
            version++; // this write, or the one that beat it
            if (racesToLose > 0) {
                racesToLose--;
                return false;
            }
            state = StoredJson.toDocument(loaded.lifecycle().state());
            published.addAll(loaded.lifecycle().pendingEvents());
            return true;
        }
    }

    private static final class DefaultDefinitionOnly extends DefinitionService {

        DefaultDefinitionOnly() {
            super(null, Clock.systemUTC(), CONFIG);
        }

        @Override
        public Optional<AgreedLeadDefinition> active() {
            return Optional.of(DefaultDefinition.content());
        }
    }

    private static final class FallbackRouting extends RoutingService {

        FallbackRouting() {
            super(null, null, CONFIG);
        }

        @Override
        public RoutingDecision route(LeadFacts facts) {
            return RoutingDecision.queue("inbound", "fallback", null);
        }
    }
}
