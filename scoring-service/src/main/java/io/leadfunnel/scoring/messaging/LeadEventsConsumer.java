package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.leadfunnel.scoring.service.LeadScoring;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code lead.events} into the scoring states. While MongoDB is unreachable, or the lead is under heavy
 * contention, a record waits and is retried ({@link UntilApplied}). A record that cannot be read or applied fails
 * the message, and the connector's dead-letter strategy moves it to {@code lead.events.dlq} with the cause in its
 * headers; the partition carries on. Event types this version does not know (from a newer producer) are skipped and
 * counted.
 */
@ApplicationScoped
public class LeadEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LeadEventsConsumer.class);

    private final LeadScoring scoring;
    private final MeterRegistry registry;

    public LeadEventsConsumer(LeadScoring scoring, MeterRegistry registry) {
        this.scoring = scoring;
        this.registry = registry;
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvent(String json) {
        LeadEvent event;
        try {
            event = FunnelJson.read(json, LeadEvent.class);
        } catch (FunnelJson.UnknownEventTypeException e) {
            registry.counter("funnel.consumed", "topic", Topics.LEAD_EVENTS, "type", String.valueOf(e.typeId()),
                    "outcome", "unknown-type").increment();
            LOG.debugf("skipping lead event of unknown type %s", e.typeId());
            return;
        }
        LeadScoring.Outcome outcome = UntilApplied.apply("scoring " + event.type() + " of lead " + event.leadId(),
                () -> scoring.apply(event));
        registry.counter("funnel.consumed", "topic", Topics.LEAD_EVENTS, "type", event.type(),
                "outcome", outcome.name().toLowerCase()).increment();
    }
}
