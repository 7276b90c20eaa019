package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.repository.LeadDocument;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.leadfunnel.lead.webhook.WebhookClient.generic;
import static io.leadfunnel.lead.webhook.WebhookClient.hubspot;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the broker stopped, webhooks still answer 2xx because the data and its events are stored; when the broker
 * returns, every stored event is on the topic exactly once, exactly as stored.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class BrokerOutageTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    LeadRepository leads;

    @Test
    void webhooks_succeed_while_the_broker_is_down_and_every_event_is_published_when_it_returns() {
        Map<String, String> storedPayloads = new HashMap<>();
        Map<String, String> storedPersonalValues = new HashMap<>();
        Set<String> leadIds = new HashSet<>();
        infrastructure.stopKafka();
        try {
            // given the broker is down, when generic and HubSpot deliveries arrive
            Instant at = Instant.now().minusSeconds(60);
            for (int i = 0; i < 3; i++) {
                String id = "outage-" + uniqueId();
                String body = """
                        {"externalId":"%s","email":"%s@acme.example","source":"webinar","title":"Head of IT",
                         "activities":[{"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"}]}"""
                        .formatted(id, id, at);
                leadIds.add(generic(body).then().statusCode(200).extract().jsonPath().getString("leads[0]"));
            }
            long contact = uniqueId();
            long millis = at.toEpochMilli();
            String delivery = WebhookSamples.array(List.of(
                    WebhookSamples.hubspotCreation(uniqueId(), contact, millis),
                    WebhookSamples.hubspotChange(uniqueId(), contact, millis + 1, "email", "outage-" + contact + "@hs.example"),
                    WebhookSamples.hubspotChange(uniqueId(), contact, millis + 2, "jobtitle", "CFO")));
            hubspot(delivery).then().statusCode(200);
            leadIds.add(leads.findByEmail("outage-" + contact + "@hs.example").orElseThrow().id());

            // then every lead is stored with its events waiting in the outbox
            for (String id : leadIds) {
                LeadDocument doc = leads.findDocument(id).orElseThrow();
                assertThat(doc.outbox).as("outbox of " + id).isNotEmpty();
                doc.outbox.forEach(entry -> (Topics.LEAD_PROFILES.equals(entry.topic) ? storedPersonalValues
                        : storedPayloads).put(entry.eventId, entry.payload));
            }
        } finally {
            infrastructure.startKafka();
        }

        // and when the broker is back, each stored event is on its topic once, byte for byte as stored
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> published = new ArrayList<>();
            for (ConsumerRecord<String, String> record : new TopicReader().readAll(Topics.LEAD_EVENTS,
                    Duration.ofSeconds(30))) {
                if (leadIds.contains(record.key())) {
                    published.add(record);
                }
            }
            assertThat(published).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(storedPayloads.values());
            assertThat(new TopicReader().readAll(Topics.LEAD_PROFILES, Duration.ofSeconds(30)))
                    .filteredOn(record -> leadIds.contains(record.key())).extracting(ConsumerRecord::value)
                    .as("personal values, on lead.profiles only").isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(storedPersonalValues.values());
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> leadIds.forEach(id ->
                assertThat(leads.findDocument(id).orElseThrow().outbox).as("outbox of " + id).isEmpty()));
    }
}
