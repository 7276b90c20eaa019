package io.leadfunnel.metrics;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.scenario.Events;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.service.FactService;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicWriter;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * While the broker is down the figures stay available and the service stays ready; afterwards the consumers catch
 * up. The lead used here is merged away at once, so it is left out of every figure the other tests check.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class BrokerOutageTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    FactService facts;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/health/group/broker", management = true)
    URL broker;

    @Test
    void figuresStayAvailableDuringABrokerOutageAndTheConsumersCatchUpAfterwards() {
        String leadId = "outage-" + UUID.randomUUID();
        Instant at = Instant.parse("2025-03-03T09:00:00Z");
        Events lead = Events.lead(leadId)
                .captured(at, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 20, "x"))
                .merged(at.plusSeconds(60), "somebody-else");

        infrastructure.stopKafka();
        try {
            given().when().get(readiness).then().statusCode(200).body("status", is("UP"));
            given().when().get(broker).then().statusCode(503).body("status", is("DOWN"));
            given().auth().oauth2(TestTokens.forRole("mia", "metrics-reader"))
                    .when().get("/funnel").then().statusCode(200);
        } finally {
            infrastructure.startKafka();
        }
        try (TopicWriter writer = infrastructure.topicWriter()) {
            for (FunnelEvent event : lead.events()) {
                writer.send(GoldenFeed.topicOf(event), event);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> facts.fact(leadId)
                .filter(f -> f.mergedInto() != null).isPresent());
        LeadFact fact = facts.fact(leadId).orElseThrow();
        assertThat(fact.counts()).isFalse();
    }
}
