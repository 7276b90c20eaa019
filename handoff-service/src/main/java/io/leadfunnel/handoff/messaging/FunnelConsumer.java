package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Consumes {@link Topics#LEAD_EVENTS}, {@link Topics#LEAD_PROFILES} and {@link Topics#LEAD_SCORES} into the
 * lifecycles. Redeliveries are recognised by event id (personal data by its sequence); a record that cannot be read
 * or applied fails the message and goes to the topic's {@code .dlq} topic; event types this version does not know are
 * skipped and counted. While MongoDB is unreachable, or while other writers keep winning the race on the lead's
 * document, a record waits and is retried ({@link UntilApplied}), never dead-lettered.
 */
@ApplicationScoped
public class FunnelConsumer {

    private static final Logger LOG = Logger.getLogger(FunnelConsumer.class);

    /** The {@code type} tag of a consumed {@link Topics#LEAD_PROFILES} record with a null value. */
    static final String TOMBSTONE = "tombstone";

    /** The {@code type} tag of a consumed {@link Topics#LEAD_PROFILES} record with personal values. */
    static final String PERSONAL_DATA = "LeadPersonalData";

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

    /**
     * A lead's personal values, or a tombstone (null value) saying they were erased; the record key is the lead id.
     * The whole record is taken rather than its value, so a tombstone arrives too. A record that cannot be read is
     * refused without quoting it: the reason travels to the dead-letter topic, which keeps it.
     */
    @Incoming(Channels.LEAD_PROFILES_IN)
    @Blocking(ordered = true)
    public void onPersonalData(ConsumerRecord<String, String> record) {
        String leadId = record.key();
        Optional<LeadPersonalData> personal = FunnelJson.readProfileRecord(leadId, record.value());
        if (personal.isEmpty()) {
            count(Topics.LEAD_PROFILES, TOMBSTONE, UntilApplied.apply(where(record),
                    () -> lifecycles.personalDataErased(leadId)));
            return;
        }
        count(Topics.LEAD_PROFILES, PERSONAL_DATA, UntilApplied.apply(where(record),
                () -> lifecycles.apply(personal.get())));
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

    /** Names a record without its value: topic, lead, partition and offset. */
    private static String where(ConsumerRecord<String, String> record) {
        return record.topic() + " record of lead " + record.key() + " at " + record.partition() + "/" + record.offset();
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
