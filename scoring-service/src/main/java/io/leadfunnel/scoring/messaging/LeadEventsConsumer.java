package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollApplication;
import io.leadfunnel.scoring.service.LeadEventBatch;
import io.leadfunnel.scoring.service.ScoringBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Consumes {@code lead.events} into the scoring states a poll at a time (the channel is in batch mode): the poll is
 * grouped by lead, the leads' states read in one query, applied in memory and written in one bulk write, with at most
 * one {@code LeadScored} per lead ({@link LeadEventBatch}). The method returns, and the connector commits the poll's
 * offsets, only once the write is acknowledged and the poison records are on the dead-letter topic.
 * <p>
 * While MongoDB is unreachable, or leads are under heavy contention, the poll waits and is applied again
 * ({@link PollApplication}). A record that cannot be read or applied goes to {@code lead.events.dlq} with its cause
 * ({@link DeadLetters}, the connector's dead-letter headers) and the rest of the poll is applied; the connector's own
 * dead-letter strategy would send the whole poll. Event types this version does not know (from a newer producer) are
 * skipped and counted.
 */
@ApplicationScoped
public class LeadEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LeadEventsConsumer.class);

    private final LeadEventBatch batch;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final String deadLetterTopic;

    public LeadEventsConsumer(LeadEventBatch batch, DeadLetters deadLetters, MeterRegistry registry,
                              @ConfigProperty(name = "mp.messaging.incoming." + Channels.LEAD_EVENTS_IN
                                      + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_EVENTS + ".dlq")
                              String deadLetterTopic) {
        this.batch = batch;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvents(ConsumerRecords<String, String> records) {
        LeadPoll<LeadEvent> poll = LeadPoll.read(records, this::read, LeadEvent::leadId);
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        List<ScoringBatch.Counted> counted = new ArrayList<>();
        poison.addAll(PollApplication.apply("scoring a poll of " + poll.size() + " lead events", poll.byLead(),
                leads -> {
                    ScoringBatch.Applied applied = batch.apply(leads);
                    counted.addAll(applied.counted());
                    return applied.poison();
                }));
        deadLetters.send(deadLetterTopic, poison);
        counted.forEach(c -> registry.counter("funnel.consumed", "topic", Topics.LEAD_EVENTS, "type", c.type(),
                "outcome", c.outcome().name().toLowerCase(Locale.ROOT)).increment());
        if (!poison.isEmpty()) {
            registry.counter("funnel.consumed", "topic", Topics.LEAD_EVENTS, "type", "any", "outcome",
                    "dead-lettered").increment(poison.size());
        }
    }

    private Optional<LeadEvent> read(ConsumerRecord<String, String> record) {
        try {
            return Optional.of(FunnelJson.read(record.value(), LeadEvent.class));
        } catch (FunnelJson.UnknownEventTypeException e) {
            registry.counter("funnel.consumed", "topic", Topics.LEAD_EVENTS, "type", String.valueOf(e.typeId()),
                    "outcome", "unknown-type").increment();
            LOG.debugf("skipping lead event of unknown type %s", e.typeId());
            return Optional.empty();
        }
    }
}
