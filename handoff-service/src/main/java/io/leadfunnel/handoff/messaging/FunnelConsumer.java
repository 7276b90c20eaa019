package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.service.LifecycleBatch;
import io.leadfunnel.handoff.service.LifecycleBatch.ProfileRecord;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * Consumes {@link Topics#LEAD_EVENTS}, {@link Topics#LEAD_PROFILES} and {@link Topics#LEAD_SCORES} into the
 * lifecycles a poll at a time (the channels are in batch mode): the poll is grouped by lead, the leads' lifecycles
 * read in one query, applied in memory and written in one bulk write ({@link LifecycleBatch}). The poll is applied,
 * its poison records sent to the topic's {@code .dlq} topic and every record counted by {@link PollConsumption}.
 * <p>
 * Redeliveries are recognised by event id (personal data by its sequence). A lead.profiles dead letter carries no
 * value ({@link DeadLetters.Value#WITHHELD}) and a cause that quotes none of it. Event types this version does not know
 * are skipped and counted.
 */
@ApplicationScoped
public class FunnelConsumer {

    private final LifecycleBatch batch;
    private final PollConsumption consumption;
    private final PollConsumption.Channel leadEvents;
    private final PollConsumption.Channel profiles;
    private final PollConsumption.Channel scores;

    public FunnelConsumer(LifecycleBatch batch, PollConsumption consumption) {
        this.batch = batch;
        this.consumption = consumption;
        this.leadEvents = consumption.channel(Channels.LEAD_EVENTS_IN, Topics.LEAD_EVENTS);
        this.profiles = consumption.channelWithheld(Channels.LEAD_PROFILES_IN, Topics.LEAD_PROFILES);
        this.scores = consumption.channel(Channels.SCORES_IN, Topics.LEAD_SCORES);
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvents(ConsumerRecords<String, String> records) {
        LeadPoll<LeadEvent> poll = LeadPoll.read(records, record -> read(record, LeadEvent.class, Topics.LEAD_EVENTS),
                LeadEvent::leadId);
        consumption.consume(leadEvents, poll, leads -> batch.applyLeadEvents(leads).toConsumption());
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScores(ConsumerRecords<String, String> records) {
        LeadPoll<LeadScored> poll = LeadPoll.read(records, record -> read(record, ScoreEvent.class, Topics.LEAD_SCORES)
                .map(LeadScored.class::cast), LeadScored::leadId);
        consumption.consume(scores, poll, leads -> batch.applyScores(leads).toConsumption());
    }

    /**
     * A lead's personal values, or a tombstone (null value) saying they were erased; the record key is the lead id.
     * The records are taken rather than their values, so tombstones arrive too. A record that cannot be read is poison
     * with a cause that names the record, never its content ({@link FunnelJson#readProfileRecord}); one that cannot be
     * applied is dead-lettered with a cause naming only the lead and the failure's class (the channel withholds
     * values), since a store's or a codec's message may quote a stored value. The dead letters carry no value: the
     * dead-letter topic is retained, and nothing would erase a copy there.
     */
    @Incoming(Channels.LEAD_PROFILES_IN)
    @Blocking(ordered = true)
    public void onPersonalData(ConsumerRecords<String, String> records) {
        LeadPoll<ProfileRecord> poll = LeadPoll.read(records, FunnelConsumer::readProfile, ProfileRecord::leadId);
        consumption.consume(profiles, poll, leads -> batch.applyProfiles(leads).toConsumption());
    }

    /** Reads a record's event; one of a type this version does not know is counted and skipped. */
    private <E extends FunnelEvent> Optional<E> read(ConsumerRecord<String, String> record, Class<E> type,
                                                     String topic) {
        try {
            return Optional.of(FunnelJson.read(record.value(), type));
        } catch (FunnelJson.UnknownEventTypeException e) {
            consumption.skippedUnknownType(topic, e.typeId());
            return Optional.empty();
        }
    }

    /** Reads a lead.profiles record; a null value is a tombstone. Throws, quoting nothing of it, when it cannot. */
    static Optional<ProfileRecord> readProfile(ConsumerRecord<String, String> record) {
        String leadId = record.key();
        return Optional.of(new ProfileRecord(leadId,
                FunnelJson.readProfileRecord(leadId, record.value()).orElse(null)));
    }
}
