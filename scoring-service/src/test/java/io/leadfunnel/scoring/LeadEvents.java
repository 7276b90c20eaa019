package io.leadfunnel.scoring;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.TopicWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Builds lead events as lead-service would publish them, sends them, and reads a lead's scores back. */
public final class LeadEvents {

    private LeadEvents() {
    }

    public static String newLeadId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A VP of a 450-people manufacturer in Germany: fit 80 under the default model. */
    public static LeadCaptured captured(String leadId, Instant at) {
        return new LeadCaptured(UUID.randomUUID(), leadId, at, FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, 1,
                new LeadProfile("maria.keller@acme-robotics.example", "Maria", "Keller", "Acme Robotics GmbH",
                        "acme-robotics.example", "VP Operations", "DE", "Manufacturing", 450, LeadSource.WEBINAR,
                        "Webinar", "2026-q1-automation-webinar", LeadOrigin.MARKETING),
                Map.of("hubspot", leadId), "hubspot");
    }

    public static LeadActivityRecorded activity(String leadId, long sequence, ActivityType type, Instant at) {
        return new LeadActivityRecorded(UUID.randomUUID(), leadId, at, FunnelEvent.SCHEMA_VERSION,
                LeadEvent.PRODUCER, sequence, "act-" + UUID.randomUUID(), type, null, Map.of("page", "/demo"), at);
    }

    public static LeadErased erased(String leadId, long sequence, Instant at) {
        return new LeadErased(UUID.randomUUID(), leadId, at, FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER,
                sequence, LeadErased.Reason.REQUEST, null);
    }

    public static void send(FunnelInfrastructure infra, LeadEvent... events) {
        try (TopicWriter writer = infra.topicWriter()) {
            for (LeadEvent event : events) {
                writer.send(Topics.LEAD_EVENTS, event);
            }
        }
    }

    /**
     * Sends the records in one produce request (lingering until flushed), so that records sent to one partition reach
     * one consumer in one poll. One lead's records stay on one partition, as with the key-based partitioner.
     */
    public static void sendInOnePoll(FunnelInfrastructure infra, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5000",
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576"), new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** The lead's LeadScored events on lead.scores, in publishing order. */
    public static List<LeadScored> scoresOf(FunnelInfrastructure infra, String leadId) {
        return infra.topicReader().readAllEvents(Topics.LEAD_SCORES, Duration.ofSeconds(20)).stream()
                .filter(e -> e instanceof LeadScored && e.leadId().equals(leadId))
                .map(LeadScored.class::cast)
                .toList();
    }

    public static List<LeadScored> awaitScores(FunnelInfrastructure infra, String leadId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> scoresOf(infra, leadId), scores -> scores.size() >= count);
    }

    /**
     * The lead's scores once the newest matches {@code last}. A poll applies a lead's events together and publishes
     * one score for them, so how many scores a few events sent at once give depends on how the polls fell.
     */
    public static List<LeadScored> awaitLastScore(FunnelInfrastructure infra, String leadId,
                                                  Predicate<LeadScored> last) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> scoresOf(infra, leadId),
                        scores -> !scores.isEmpty() && last.test(scores.get(scores.size() - 1)));
    }
}
