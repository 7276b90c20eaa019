package io.leadfunnel.handoff.service;

import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.handoff.Definitions;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.HandoffSla;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.Recycling;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.domain.Score;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * SLA clocks against real Kafka and MongoDB: a short SLA (definition activated by the test) breaches, escalates to
 * the next rep and then to the manager queue; a clock that ran out while the service was down fires once, found by
 * the timer's sweep of the stored clocks.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class SlaTimerTest {

    private static final Recycling RECYCLING = DefaultDefinition.content().recycling();

    @Inject
    RoutingService routing;

    @Inject
    LifecycleService lifecycles;

    @Inject
    LifecycleRepository repository;

    @Inject
    DefinitionService definitions;

    @Inject
    DueTimeIndex clocks;

    private static List<LifecycleEvent> ofType(List<LifecycleEvent> events, Class<?> type) {
        return events.stream().filter(type::isInstance).toList();
    }

    @Test
    void an_unaccepted_hand_off_breaches_escalates_to_the_next_rep_then_the_manager_queue_and_is_overdue() {
        // given a definition with a 2-second accept SLA and a team of two reps
        Definitions.activate(Definitions.withSla(new HandoffSla(Duration.ofSeconds(2), Duration.ofSeconds(2), null),
                RECYCLING));
        try {
            String industry = Fixtures.uniqueId("industry");
            String team = Fixtures.uniqueId("team");
            String anna = Fixtures.uniqueId("anna");
            String ben = Fixtures.uniqueId("ben");
            Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                    new SalesRep(anna, team, 1, true, 0), new SalesRep(ben, team, 1, true, 0));
            String lead = Fixtures.uniqueId("lead");

            // when a lead is handed off and nobody accepts it
            lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
            lifecycles.apply(Fixtures.scored(lead, 70, "A"));
            String first = lifecycles.lifecycle(lead).handoff().owner();
            String second = first.equals(anna) ? ben : anna;

            // then the accept SLA breaches within seconds and the lead goes to the other rep of the team
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ofType(Fixtures.lifecycleOf(lead), HandoffSlaBreached.class)).hasSizeGreaterThanOrEqualTo(1));
            List<LifecycleEvent> events = Fixtures.lifecycleOf(lead);
            HandoffSlaBreached breach = (HandoffSlaBreached) ofType(events, HandoffSlaBreached.class).get(0);
            assertThat(breach.sla()).isEqualTo(HandoffSlaBreached.Sla.ACCEPT);
            assertThat(breach.owner()).isEqualTo(first);
            assertThat(breach.escalatedTo()).isEqualTo(second);
            assertThat(Duration.between(breach.dueAt(), breach.occurredAt())).isLessThan(Duration.ofMinutes(1));
            HandoffAssigned escalated = (HandoffAssigned) ofType(events, HandoffAssigned.class).get(1);
            assertThat(escalated.owner()).isEqualTo(second);
            assertThat(escalated.routingRule()).isEqualTo("escalation:next-rep");
            given().auth().oauth2(TestTokens.forRole("olga", "sales-ops")).get("/handoffs/overdue")
                    .then().statusCode(200).body("leadId", hasItem(lead));

            // and when the second rep does not act either, the team's manager queue gets it, and no clock runs on
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ofType(Fixtures.lifecycleOf(lead), HandoffAssigned.class)).hasSize(3));
            List<LifecycleEvent> later = Fixtures.lifecycleOf(lead);
            HandoffSlaBreached secondBreach = (HandoffSlaBreached) ofType(later, HandoffSlaBreached.class).get(1);
            assertThat(secondBreach.owner()).isEqualTo(second);
            assertThat(secondBreach.escalatedTo()).isEqualTo("queue:" + team + "-managers");
            LeadLifecycle lifecycle = lifecycles.lifecycle(lead);
            assertThat(lifecycle.handoff().owner()).isEqualTo("queue:" + team + "-managers");
            assertThat(lifecycle.handoff().nextTimerAt()).isNull();
            given().auth().oauth2(TestTokens.forRole("olga", "sales-ops")).get("/handoffs/overdue")
                    .then().body("leadId", hasItem(lead));
        } finally {
            Definitions.activate(Definitions.withSla(DefaultDefinition.content().sla(), RECYCLING));
        }
    }

    @Test
    void a_clock_that_ran_out_while_the_service_was_down_fires_once_when_it_runs_again() throws Exception {
        // given the 4-hour default SLA and a hand-off stored five hours ago, as if the service had been down since
        Definitions.activate(Definitions.withSla(DefaultDefinition.content().sla(), RECYCLING));
        AgreedLeadDefinition definition = definitions.active().orElseThrow();
        String team = Fixtures.uniqueId("team");
        String anna = Fixtures.uniqueId("anna");
        String ben = Fixtures.uniqueId("ben");
        routing.saveRep(new SalesRep(anna, team, 1, true, 0));
        routing.saveRep(new SalesRep(ben, team, 1, true, 0));
        String lead = Fixtures.uniqueId("lead");
        Instant fiveHoursAgo = Instant.now().minus(Duration.ofHours(5));
        LeadLifecycle stored = LeadLifecycle.unknown(lead);
        stored.captured(1, Fixtures.profile("Retail"));
        stored.scored(new Score(80, 60, 70, "A", 3, fiveHoursAgo));
        stored.evaluate(definition, fiveHoursAgo);
        stored.assign(new RoutingDecision(anna, team, "territory", null), definition, fiveHoursAgo);
        assertThat(repository.save(new LifecycleRepository.Loaded(stored, 0))).isTrue();
        // as after a restart, or as stored by another instance: the clock is in MongoDB only, not in this one's memory
        clocks.set(lead, null);

        // when the timer runs, its sweep reads the stored clock and the overdue clock fires: one breach, escalated to
        // Ben with a fresh 4-hour clock
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ofType(Fixtures.lifecycleOf(lead), HandoffSlaBreached.class)).hasSize(1));
        Thread.sleep(3000); // three more timer passes
        List<LifecycleEvent> events = Fixtures.lifecycleOf(lead);
        assertThat(ofType(events, HandoffSlaBreached.class)).hasSize(1);
        HandoffSlaBreached breach = (HandoffSlaBreached) ofType(events, HandoffSlaBreached.class).get(0);
        assertThat(breach.owner()).isEqualTo(anna);
        assertThat(breach.dueAt()).isEqualTo(fiveHoursAgo.plus(Duration.ofHours(4)));
        assertThat(breach.escalatedTo()).isEqualTo(ben);
        LeadLifecycle after = lifecycles.lifecycle(lead);
        assertThat(after.handoff().owner()).isEqualTo(ben);
        assertThat(after.handoff().nextTimerAt()).isAfter(Instant.now().plus(Duration.ofHours(3)));
    }
}
