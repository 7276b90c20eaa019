package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelInfrastructure;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** One lead's events as they really are on {@code lead.events}. */
final class PublishedEvents {

    private PublishedEvents() {
    }

    static List<LeadEvent> of(FunnelInfrastructure infra, String leadId) {
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

    /** Asserts that, for a while, no event of the lead beyond the {@code count} already seen is published. */
    static void assertNoMore(FunnelInfrastructure infra, String leadId, int count) {
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> of(infra, leadId).size() == count);
    }
}
