package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** One lead's events as they really are on {@code lead.events}, and its personal values on {@code lead.profiles}. */
public final class PublishedEvents {

    private PublishedEvents() {
    }

    public static List<LeadEvent> of(FunnelInfrastructure infra, String leadId) {
        return infra.topicReader().readAllEvents(Topics.LEAD_EVENTS, Duration.ofSeconds(20)).stream()
                .filter(e -> e instanceof LeadEvent && e.leadId().equals(leadId))
                .map(LeadEvent.class::cast)
                .sorted(Comparator.comparingLong(LeadEvent::sequence))
                .toList();
    }

    /** Waits until at least {@code count} events of the lead were published. */
    static List<LeadEvent> await(FunnelInfrastructure infra, String leadId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> of(infra, leadId), events -> events.size() >= count);
    }

    /** The lead's records on {@code lead.profiles}, in the order written; a tombstone's value is null. */
    public static List<ConsumerRecord<String, String>> profileRecords(FunnelInfrastructure infra, String leadId) {
        return infra.topicReader().readAll(Topics.LEAD_PROFILES, Duration.ofSeconds(20)).stream()
                .filter(r -> leadId.equals(r.key()))
                .sorted(Comparator.comparingInt((ConsumerRecord<String, String> r) -> r.partition())
                        .thenComparingLong(ConsumerRecord::offset))
                .toList();
    }

    /** Waits for the lead's personal values that go with its event of {@code sequence}. */
    public static LeadPersonalData awaitPersonalData(FunnelInfrastructure infra, String leadId, long sequence) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> profileRecords(infra, leadId).stream().filter(r -> r.value() != null)
                        .map(r -> FunnelJson.readPersonalData(r.value()))
                        .filter(p -> p.sequence() == sequence).findFirst().orElse(null), p -> p != null);
    }

    /** Asserts that, for a while, no event of the lead beyond the {@code count} already seen is published. */
    static void assertNoMore(FunnelInfrastructure infra, String leadId, int count) {
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> of(infra, leadId).size() == count);
    }
}
