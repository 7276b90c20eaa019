package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.service.LifecycleBatch;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollApplication;
import io.leadfunnel.runtime.consumer.UntilApplied;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consumes {@link Topics#LEAD_EVENTS}, {@link Topics#LEAD_PROFILES} and {@link Topics#LEAD_SCORES} into the
 * lifecycles. lead.events and lead.scores come a poll at a time (the channels are in batch mode): the poll is grouped
 * by lead, the leads' lifecycles read in one query, applied in memory and written in one bulk write
 * ({@link LifecycleBatch}); the method returns, and the connector commits the poll's offsets, only once the write is
 * acknowledged and the poison records are on the dead-letter topic. lead.profiles comes a record at a time.
 * <p>
 * Redeliveries are recognised by event id (personal data by its sequence). While MongoDB is unreachable, or while
 * other writers keep winning the race on the leads' documents, a poll or a record waits and is applied again
 * ({@link PollApplication}, {@link UntilApplied}), never dead-lettered. A lead.events or lead.scores record that cannot
 * be read or applied goes alone to the topic's {@code .dlq} topic with its cause ({@link DeadLetters}, the connector's
 * dead-letter headers) and the rest of the poll is applied; a lead.profiles record that cannot fails the message for
 * the connector's dead-letter strategy. Event types this version does not know are skipped and counted.
 */
@ApplicationScoped
public class FunnelConsumer {

    private static final Logger LOG = Logger.getLogger(FunnelConsumer.class);

    /** The {@code type} tag of a consumed {@link Topics#LEAD_PROFILES} record with a null value. */
    static final String TOMBSTONE = "tombstone";

    /** The {@code type} tag of a consumed {@link Topics#LEAD_PROFILES} record with personal values. */
    static final String PERSONAL_DATA = "LeadPersonalData";

    private final LifecycleService lifecycles;
    private final LifecycleBatch batch;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final String leadEventsDeadLetters;
    private final String scoresDeadLetters;

    public FunnelConsumer(LifecycleService lifecycles, LifecycleBatch batch, DeadLetters deadLetters,
                          MeterRegistry registry,
                          @ConfigProperty(name = "mp.messaging.incoming." + Channels.LEAD_EVENTS_IN
                                  + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_EVENTS + ".dlq")
                          String leadEventsDeadLetters,
                          @ConfigProperty(name = "mp.messaging.incoming." + Channels.SCORES_IN
                                  + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_SCORES + ".dlq")
                          String scoresDeadLetters) {
        this.lifecycles = lifecycles;
        this.batch = batch;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.leadEventsDeadLetters = leadEventsDeadLetters;
        this.scoresDeadLetters = scoresDeadLetters;
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvents(ConsumerRecords<String, String> records) {
        LeadPoll<LeadEvent> poll = LeadPoll.read(records, record -> read(record, LeadEvent.class, Topics.LEAD_EVENTS),
                LeadEvent::leadId);
        consume(Topics.LEAD_EVENTS, leadEventsDeadLetters, poll, batch::applyLeadEvents);
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScores(ConsumerRecords<String, String> records) {
        LeadPoll<LeadScored> poll = LeadPoll.read(records, record -> read(record, ScoreEvent.class, Topics.LEAD_SCORES)
                .map(LeadScored.class::cast), LeadScored::leadId);
        consume(Topics.LEAD_SCORES, scoresDeadLetters, poll, batch::applyScores);
    }

    /** Applies a poll, dead-letters its poison records and counts what became of each record. */
    private <E> void consume(String topic, String deadLetterTopic, LeadPoll<E> poll,
                             Function<Map<String, List<LeadPoll.Entry<E>>>, LifecycleBatch.Applied> apply) {
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        List<LifecycleBatch.Counted> counted = new ArrayList<>();
        poison.addAll(PollApplication.apply("applying a poll of " + poll.size() + " " + topic + " records",
                poll.byLead(), leads -> {
                    LifecycleBatch.Applied applied = apply.apply(leads);
                    counted.addAll(applied.counted());
                    return applied.poison();
                }));
        deadLetters.send(deadLetterTopic, poison);
        counted.forEach(c -> count(topic, c.type(), c.outcome()));
        if (!poison.isEmpty()) {
            registry.counter("funnel.consumed", "topic", topic, "type", "any", "outcome", "dead-lettered")
                    .increment(poison.size());
        }
    }

    /** Reads a record's event; one of a type this version does not know is counted and skipped. */
    private <E extends FunnelEvent> Optional<E> read(ConsumerRecord<String, String> record, Class<E> type,
                                                     String topic) {
        try {
            return Optional.of(FunnelJson.read(record.value(), type));
        } catch (FunnelJson.UnknownEventTypeException e) {
            skipUnknown(topic, e.typeId());
            return Optional.empty();
        }
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

    /** Names a record without its value: topic, lead, partition and offset. */
    private static String where(ConsumerRecord<String, String> record) {
        return record.topic() + " record of lead " + record.key() + " at " + record.partition() + "/" + record.offset();
    }

    private void count(String topic, String type, LifecycleService.Outcome outcome) {
        registry.counter("funnel.consumed", "topic", topic, "type", type, "outcome",
                outcome.name().toLowerCase(Locale.ROOT)).increment();
    }

    private void skipUnknown(String topic, String type) {
        registry.counter("funnel.consumed", "topic", topic, "type", String.valueOf(type), "outcome", "unknown-type")
                .increment();
        LOG.debugf("skipping %s event of unknown type %s", topic, type);
    }
}
