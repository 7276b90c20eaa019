package io.leadfunnel.lead.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.service.LeadReadModel;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code lead.lifecycle} and {@code lead.scores} into the lead read model. While MongoDB is unreachable a
 * record waits and is retried ({@link UntilApplied}). A record that cannot be read or applied fails the message, and
 * the connector's dead-letter strategy moves it to the topic's {@code .dlq} topic with the cause in its headers; the
 * partition carries on. Event types this version does not know (from a newer producer) are skipped and counted.
 */
@ApplicationScoped
public class ReadModelConsumer {

    private static final Logger LOG = Logger.getLogger(ReadModelConsumer.class);

    private final LeadReadModel readModel;
    private final MeterRegistry registry;

    public ReadModelConsumer(LeadReadModel readModel, MeterRegistry registry) {
        this.readModel = readModel;
        this.registry = registry;
    }

    @Incoming(Channels.LIFECYCLE_IN)
    @Blocking(ordered = true)
    public void onLifecycle(String json) {
        LifecycleEvent event;
        try {
            event = FunnelJson.read(json, LifecycleEvent.class);
        } catch (FunnelJson.UnknownEventTypeException e) {
            skipUnknown(Topics.LEAD_LIFECYCLE, e.typeId());
            return;
        }
        record(Topics.LEAD_LIFECYCLE, event.type(),
                UntilApplied.apply("applying " + event.type(), () -> readModel.apply(event)), event.leadId());
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
            record(Topics.LEAD_SCORES, event.type(),
                    UntilApplied.apply("applying " + event.type(), () -> readModel.apply(scored)), event.leadId());
        }
    }

    private void record(String topic, String type, LeadReadModel.Outcome outcome, String leadId) {
        registry.counter("funnel.consumed", "topic", topic, "type", type, "outcome", outcome.name().toLowerCase())
                .increment();
        if (outcome == LeadReadModel.Outcome.UNKNOWN_LEAD) {
            LOG.warnf("%s %s names lead %s, which lead-service does not know; ignored", topic, type, leadId);
        }
    }

    private void skipUnknown(String topic, String type) {
        registry.counter("funnel.consumed", "topic", topic, "type", String.valueOf(type), "outcome", "unknown-type")
                .increment();
        LOG.debugf("skipping %s event of unknown type %s", topic, type);
    }
}
