package io.leadfunnel.lead.messaging;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.LeadDocument;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.lead.service.LeadIntake;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the broker stopped, leads are still stored; when it returns, every stored event is published exactly once. */
@QuarkusTest
@QuarkusTestResource(value = FunnelInfrastructureResource.class,
        initArgs = @ResourceArg(name = FunnelInfrastructureResource.DATABASE, value = "lead"))
class BrokerOutageTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    LeadIntake intake;

    @Inject
    LeadRepository leads;

    @Test
    void events_stored_while_the_broker_is_down_are_published_exactly_as_stored_when_it_returns() {
        Map<String, String> storedPayloads = new HashMap<>();
        Set<String> leadIds = new HashSet<>();
        infrastructure.stopKafka();
        try {
            // given the broker is down, when leads arrive, change and show engagement
            Instant t0 = Instant.now().minusSeconds(600);
            for (int i = 0; i < 5; i++) {
                ExternalRef ref = ExternalRef.generic("outage", UUID.randomUUID().toString());
                String leadId = intake.receive(new LeadChange("webhook:outage", ref, t0, ProfilePatch.builder()
                        .set(ProfileField.EMAIL, "outage-" + UUID.randomUUID() + "@acme.example")
                        .set(ProfileField.SOURCE, "webinar").build(), List.of())).leadId();
                intake.receive(new LeadChange("webhook:outage", ref, t0.plusSeconds(10),
                        ProfilePatch.builder().set(ProfileField.TITLE, "Head of IT " + i).build(),
                        List.of(new IncomingActivity("demo-" + i, ActivityType.DEMO_REQUESTED, t0.plusSeconds(20),
                                null, Map.of()))));
                leadIds.add(leadId);
            }

            // then they are stored, with their events waiting in the outbox
            for (String id : leadIds) {
                LeadDocument doc = leads.findDocument(id).orElseThrow();
                assertThat(doc.outbox).as("outbox of " + id).hasSize(3);
                doc.outbox.forEach(entry -> storedPayloads.put(entry.eventId, entry.payload));
            }
        } finally {
            infrastructure.startKafka();
        }

        // and when the broker is back, each stored event is on the topic once, byte for byte as stored
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> published = new ArrayList<>();
            for (ConsumerRecord<String, String> record : new TopicReader().readAll(Topics.LEAD_EVENTS,
                    Duration.ofSeconds(30))) {
                if (leadIds.contains(record.key())) {
                    published.add(record);
                }
            }
            assertThat(published).hasSize(storedPayloads.size());
            assertThat(published).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(storedPayloads.values());
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> leadIds.forEach(id ->
                assertThat(leads.findDocument(id).orElseThrow().outbox).as("outbox of " + id).isEmpty()));
    }
}
