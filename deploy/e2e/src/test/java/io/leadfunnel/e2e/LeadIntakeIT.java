package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leads entering through the public webhook, seen through the public API and the topic, across a crash. */
@ExtendWith(FunnelExtension.class)
class LeadIntakeIT {

    private static final String SALES_OPS = TestTokens.forRole("e2e-ops", "sales-ops");

    @Test
    void a_signed_delivery_becomes_a_lead_in_the_api_and_a_captured_event_on_the_topic(FunnelProcesses funnel) {
        String marker = "e2e-" + UUID.randomUUID();
        String body = """
                {"externalId":"%s","email":"%s@acme.example","firstName":"Grace","company":"Acme",
                 "source":"webinar","campaign":"e2e"}""".formatted(marker, marker);

        String leadId = Senders.generic(funnel, body).then().statusCode(200).extract().jsonPath()
                .getString("leads[0]");

        RestAssured.given().baseUri(funnel.baseUrl(LEAD)).auth().oauth2(SALES_OPS)
                .get("/leads/" + leadId).then().statusCode(200)
                .body("email", org.hamcrest.Matchers.equalTo(marker + "@acme.example"))
                .body("stage", org.hamcrest.Matchers.equalTo("LEAD"));
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<FunnelEvent> events = Events.readAll(reader, Topics.LEAD_EVENTS).stream()
                    .filter(e -> leadId.equals(e.leadId())).toList();
            assertThat(events).isNotEmpty().first().isInstanceOf(LeadCaptured.class);
        });
    }

    @Test
    void a_crash_of_lead_service_mid_stream_loses_and_duplicates_no_lead(FunnelProcesses funnel) throws Exception {
        String batch = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        int deliveries = 30;
        List<String> leadIds = new ArrayList<>();
        Thread restart = new Thread(() -> funnel.restart(LEAD));
        for (int i = 0; i < deliveries; i++) {
            if (i == 10) {
                funnel.kill(LEAD); // SIGKILL: whatever was in flight is cut off
                restart.start(); // the sender keeps retrying meanwhile, as a CRM does
            }
            String body = """
                    {"externalId":"%s-%d","email":"%s-%d@acme.example","source":"trade show"}"""
                    .formatted(batch, i, batch, i);
            leadIds.add(Senders.genericUntilAccepted(funnel, body, Duration.ofMinutes(3))
                    .jsonPath().getString("leads[0]"));
        }

        restart.join();

        // every delivery is one lead, listed once by the API
        assertThat(new HashSet<>(leadIds)).hasSize(deliveries);
        List<String> listed = RestAssured.given().baseUri(funnel.baseUrl(LEAD)).auth().oauth2(SALES_OPS)
                .queryParam("q", batch).queryParam("limit", 200).get("/leads")
                .then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(leadIds);

        // and every lead was captured exactly once on the topic (a republished event keeps its id)
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        Set<String> ids = Set.copyOf(leadIds);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Map<String, Set<String>> capturedIds = Events.readAll(reader, Topics.LEAD_EVENTS)
                    .stream().filter(e -> e instanceof LeadCaptured && ids.contains(e.leadId()))
                    .collect(Collectors.groupingBy(FunnelEvent::leadId,
                            Collectors.mapping(e -> e.eventId().toString(), Collectors.toSet())));
            assertThat(capturedIds).hasSize(deliveries);
            assertThat(capturedIds.values()).allSatisfy(eventIds -> assertThat(eventIds).hasSize(1));
        });
    }
}
