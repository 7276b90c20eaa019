package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.service.LifecycleBatch;
import io.leadfunnel.handoff.service.LifecycleBatch.ProfileRecord;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollApplication;
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
 * lifecycles a poll at a time (the channels are in batch mode): the poll is grouped by lead, the leads' lifecycles
 * read in one query, applied in memory and written in one bulk write ({@link LifecycleBatch}); the method returns, and
 * the connector commits the poll's offsets, only once the write is acknowledged and the poison records are on the
 * dead-letter topic.
 * <p>
 * Redeliveries are recognised by event id (personal data by its sequence). While MongoDB is unreachable, or while
 * other writers keep winning the race on the leads' documents, a poll waits and is applied again
 * ({@link PollApplication}), never dead-lettered. A record that cannot be read or applied goes alone to the topic's
 * {@code .dlq} topic with its cause ({@link DeadLetters}, the connector's dead-letter headers) and the rest of the poll
 * is applied. A lead.profiles dead letter carries no value ({@link DeadLetters.Value#WITHHELD}) and a cause that quotes
 * none of it. Event types this version does not know are skipped and counted.
 */
@ApplicationScoped
public class FunnelConsumer {

    private static final Logger LOG = Logger.getLogger(FunnelConsumer.class);

    private final LifecycleBatch batch;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final String leadEventsDeadLetters;
    private final String profilesDeadLetters;
    private final String scoresDeadLetters;

    public FunnelConsumer(LifecycleBatch batch, DeadLetters deadLetters, MeterRegistry registry,
                          @ConfigProperty(name = "mp.messaging.incoming." + Channels.LEAD_EVENTS_IN
                                  + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_EVENTS + ".dlq")
                          String leadEventsDeadLetters,
                          @ConfigProperty(name = "mp.messaging.incoming." + Channels.LEAD_PROFILES_IN
                                  + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_PROFILES + ".dlq")
                          String profilesDeadLetters,
                          @ConfigProperty(name = "mp.messaging.incoming." + Channels.SCORES_IN
                                  + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_SCORES + ".dlq")
                          String scoresDeadLetters) {
        this.batch = batch;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.leadEventsDeadLetters = leadEventsDeadLetters;
        this.profilesDeadLetters = profilesDeadLetters;
        this.scoresDeadLetters = scoresDeadLetters;
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvents(ConsumerRecords<String, String> records) {
        LeadPoll<LeadEvent> poll = LeadPoll.read(records, record -> read(record, LeadEvent.class, Topics.LEAD_EVENTS),
                LeadEvent::leadId);
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        poison.addAll(consume(Topics.LEAD_EVENTS, poll, batch::applyLeadEvents));
        deadLetter(Topics.LEAD_EVENTS, leadEventsDeadLetters, poison, DeadLetters.Value.KEPT);
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScores(ConsumerRecords<String, String> records) {
        LeadPoll<LeadScored> poll = LeadPoll.read(records, record -> read(record, ScoreEvent.class, Topics.LEAD_SCORES)
                .map(LeadScored.class::cast), LeadScored::leadId);
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        poison.addAll(consume(Topics.LEAD_SCORES, poll, batch::applyScores));
        deadLetter(Topics.LEAD_SCORES, scoresDeadLetters, poison, DeadLetters.Value.KEPT);
    }

    /**
     * A lead's personal values, or a tombstone (null value) saying they were erased; the record key is the lead id.
     * The records are taken rather than their values, so tombstones arrive too. A record that cannot be read is poison
     * with a cause that names the record, never its content ({@link FunnelJson#readProfileRecord}); one that cannot be
     * applied is dead-lettered with a cause naming only the lead and the failure's class, since a store's or a codec's
     * message may quote a stored value. The dead letters carry no value: the dead-letter topic is retained, and
     * nothing would erase a copy there.
     */
    @Incoming(Channels.LEAD_PROFILES_IN)
    @Blocking(ordered = true)
    public void onPersonalData(ConsumerRecords<String, String> records) {
        LeadPoll<ProfileRecord> poll = LeadPoll.read(records, FunnelConsumer::readProfile, ProfileRecord::leadId);
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        consume(Topics.LEAD_PROFILES, poll, batch::applyProfiles).forEach(p -> poison.add(p.quotingNothing()));
        deadLetter(Topics.LEAD_PROFILES, profilesDeadLetters, poison, DeadLetters.Value.WITHHELD);
    }

    /** Applies a poll's records and counts what became of each; returns those that could not be applied. */
    private <E> List<Poison> consume(String topic, LeadPoll<E> poll,
                                     Function<Map<String, List<LeadPoll.Entry<E>>>, LifecycleBatch.Applied> apply) {
        List<LifecycleBatch.Counted> counted = new ArrayList<>();
        List<Poison> poison = PollApplication.apply("applying a poll of " + poll.size() + " " + topic + " records",
                poll.byLead(), leads -> {
                    LifecycleBatch.Applied applied = apply.apply(leads);
                    counted.addAll(applied.counted());
                    return applied.poison();
                });
        counted.forEach(c -> count(topic, c.type(), c.outcome()));
        return poison;
    }

    /** Sends a poll's poison records to the dead-letter topic and counts them. */
    private void deadLetter(String topic, String deadLetterTopic, List<Poison> poison, DeadLetters.Value value) {
        deadLetters.send(deadLetterTopic, poison, value);
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

    /** Reads a lead.profiles record; a null value is a tombstone. Throws, quoting nothing of it, when it cannot. */
    static Optional<ProfileRecord> readProfile(ConsumerRecord<String, String> record) {
        String leadId = record.key();
        return Optional.of(new ProfileRecord(leadId,
                FunnelJson.readProfileRecord(leadId, record.value()).orElse(null)));
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
