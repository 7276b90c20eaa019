package io.leadfunnel.metrics.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.metrics.repository.FactRepository;
import io.leadfunnel.metrics.service.FactService;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the three funnel topics into the lead facts. While MongoDB is unreachable a record waits and is retried
 * ({@link UntilApplied}) rather than dead-lettered. A record that cannot be read fails the message and the
 * connector's dead-letter strategy moves it to {@code <topic>.dlq} with the cause in its headers; the partition carries
 * on. Event types this version does not know are skipped and counted ({@code funnel_consumed_total}).
 */
@ApplicationScoped
public class FactConsumer {

    private static final Logger LOG = Logger.getLogger(FactConsumer.class);

    private final FactService facts;
    private final MeterRegistry registry;

    public FactConsumer(FactService facts, MeterRegistry registry) {
        this.facts = facts;
        this.registry = registry;
    }

    @Incoming(Channels.EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvent(String json) {
        consume(Topics.LEAD_EVENTS, json, LeadEvent.class);
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScore(String json) {
        consume(Topics.LEAD_SCORES, json, ScoreEvent.class);
    }

    @Incoming(Channels.LIFECYCLE_IN)
    @Blocking(ordered = true)
    public void onLifecycle(String json) {
        consume(Topics.LEAD_LIFECYCLE, json, LifecycleEvent.class);
    }

    private void consume(String topic, String json, Class<? extends FunnelEvent> family) {
        FunnelEvent event;
        try {
            event = FunnelJson.read(json, family);
        } catch (FunnelJson.UnknownEventTypeException e) {
            count(topic, "unknown", "unknown-type"); // the type name is not a bounded label value
            LOG.debugf("skipping %s record of unknown type %s", topic, e.typeId());
            return;
        }
        FunnelEvent read = event;
        FactRepository.Outcome outcome = UntilApplied.apply("applying " + event.type(), () -> facts.apply(read));
        count(topic, event.type(), outcome.name().toLowerCase());
    }

    private void count(String topic, String type, String outcome) {
        registry.counter("funnel.consumed", "topic", topic, "type", type, "outcome", outcome).increment();
    }
}
