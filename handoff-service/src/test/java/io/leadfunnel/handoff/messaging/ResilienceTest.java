package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.leadfunnel.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Unreadable input goes to the dead-letter topic; sales actions succeed while the broker is down. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class ResilienceTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    RoutingService routing;

    @Inject
    LifecycleService lifecycles;

    @Inject
    LifecycleRepository repository;

    @Test
    void an_unreadable_record_goes_to_the_dead_letter_topic_and_the_next_one_is_processed() {
        String key = Fixtures.uniqueId("broken");
        String lead = Fixtures.uniqueId("lead");
        var next = Fixtures.scored(lead, 10, "D");
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.LEAD_SCORES, key, "{not json");
            writer.send(Topics.LEAD_SCORES, lead, io.leadfunnel.events.FunnelJson.write(next));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                new TopicReader().readAll(Topics.deadLetter(Topics.LEAD_SCORES), Duration.ofSeconds(10)))
                .anySatisfy(r -> assertThat(r.key()).isEqualTo(key)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(repository.find(lead)).isPresent());
    }

    @Test
    void a_sales_action_succeeds_while_the_broker_is_down_and_its_event_is_published_when_it_returns() {
        // given a lead handed off, its events published
        String industry = Fixtures.uniqueId("industry");
        String rep = Fixtures.uniqueId("rep");
        String team = Fixtures.uniqueId("team");
        Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                new SalesRep(rep, team, 1, true, 0));
        String lead = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(lead, 70, "A"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Fixtures.lifecycleOf(lead)).hasSize(2));

        // when the broker is down and the rep accepts
        infrastructure.stopKafka();
        try {
            given().auth().oauth2(TestTokens.forRole(rep, "sales")).post("/leads/" + lead + "/accept")
                    .then().statusCode(200);
            assertThat(lifecycles.lifecycle(lead).stage()).isEqualTo(Stage.SAL);
            assertThat(repository.pendingOutboxCount()).isPositive();
        } finally {
            infrastructure.startKafka();
        }

        // then the stage change is published once the broker is back, exactly once
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Fixtures.lifecycleOf(lead)).hasSize(3));
        List<LifecycleEvent> events = Fixtures.lifecycleOf(lead);
        assertThat(((LeadStageChanged) events.get(2)).to()).isEqualTo(Stage.SAL);
        assertThat(events).extracting(LifecycleEvent::eventId).doesNotHaveDuplicates();
    }
}
