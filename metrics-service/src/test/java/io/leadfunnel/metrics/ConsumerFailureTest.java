package io.leadfunnel.metrics;

import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TopicWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Unreadable records go to the topic's dead-letter topic; unknown event types are skipped and counted. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class ConsumerFailureTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    MeterRegistry registry;

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicOfItsTopic() {
        String key = "dlq-" + UUID.randomUUID();
        try (TopicWriter writer = infrastructure.topicWriter()) {
            writer.send(Topics.LEAD_SCORES, key, "{not json");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(infrastructure.topicReader().readAll(Topics.deadLetter(Topics.LEAD_SCORES),
                        Duration.ofSeconds(5)))
                        .extracting(ConsumerRecord::key).contains(key));
    }

    @Test
    void anUnknownEventTypeIsSkippedAndCounted() {
        double before = unknown();
        String leadId = "unknown-" + UUID.randomUUID();
        try (TopicWriter writer = infrastructure.topicWriter()) {
            writer.send(Topics.LEAD_LIFECYCLE, leadId, "{\"type\":\"LeadTeleported\",\"eventId\":\""
                    + UUID.randomUUID() + "\",\"leadId\":\"" + leadId + "\",\"occurredAt\":\"2026-09-01T00:00:00Z\"}");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> unknown() > before);
        assertThat(infrastructure.topicReader().readAll(Topics.deadLetter(Topics.LEAD_LIFECYCLE), Duration.ofSeconds(5)))
                .extracting(ConsumerRecord::key).doesNotContain(leadId);
    }

    double unknown() {
        return registry.find("funnel.consumed").tag("outcome", "unknown-type").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
