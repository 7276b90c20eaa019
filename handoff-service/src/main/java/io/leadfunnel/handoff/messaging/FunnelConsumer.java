package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code lead.events} and {@code lead.scores} into the lifecycles. Redeliveries are recognised by event id;
 * a record that cannot be read or applied fails the message and goes to the topic's {@code .dlq} topic; event types
 * this version does not know are skipped and counted. While MongoDB is unreachable, or while other writers keep
 * winning the race on the lead's document, a record waits and is retried ({@link UntilApplied}), never dead-lettered.
 */
@ApplicationScoped
public class FunnelConsumer {

    private static final Logger LOG = Logger.getLogger(FunnelConsumer.class);

    private final LifecycleService lifecycles;
    private final MeterRegistry registry;

    public FunnelConsumer(LifecycleService lifecycles, MeterRegistry registry) {
        this.lifecycles = lifecycles;
        this.registry = registry;
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvent(String json) {
        LeadEvent event;
        try {
            event = FunnelJson.read(json, LeadEvent.class);
        } catch (FunnelJson.UnknownEventTypeException e) {
            skipUnknown(Topics.LEAD_EVENTS, e.typeId());
            return;
        }
        LeadEvent read = event;
        count(Topics.LEAD_EVENTS, event.type(), UntilApplied.apply(Topics.LEAD_EVENTS + " " + event.eventId(),
                () -> lifecycles.apply(read)));
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScore(String json) {
        ScoreEvent event;
        try {
            event = FunnelJson.read(json, ScoreEvent.class);
        } catch (FunnelJson.UnknownEventTypeException e) {
            skipUnknown(Topics.LEAD_SCORES, e.typeId());
            return;
        }
        if (event instanceof LeadScored scored) {
            count(Topics.LEAD_SCORES, event.type(), UntilApplied.apply(Topics.LEAD_SCORES + " " + event.eventId(),
                    () -> lifecycles.apply(scored)));
        }
    }

    private void count(String topic, String type, LifecycleService.Outcome outcome) {
        registry.counter("funnel.consumed", "topic", topic, "type", type, "outcome", outcome.name().toLowerCase())
                .increment();
    }

    private void skipUnknown(String topic, String type) {
        registry.counter("funnel.consumed", "topic", topic, "type", String.valueOf(type), "outcome", "unknown-type")
                .increment();
        LOG.debugf("skipping %s event of unknown type %s", topic, type);
    }
}
