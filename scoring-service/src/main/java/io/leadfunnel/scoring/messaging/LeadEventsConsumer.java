package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.leadfunnel.scoring.service.LeadEventBatch;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * Consumes {@code lead.events} into the scoring states a poll at a time (the channel is in batch mode): the poll is
 * grouped by lead, the leads' states read in one query, applied in memory and written in one bulk write, with at most
 * one {@code LeadScored} per lead ({@link LeadEventBatch}). The poll is applied, its poison records sent to
 * {@code lead.events.dlq} and every record counted by {@link PollConsumption}. Event types this version does not know
 * (from a newer producer) are skipped and counted.
 */
@ApplicationScoped
public class LeadEventsConsumer {

    private final LeadEventBatch batch;
    private final PollConsumption consumption;
    private final PollConsumption.Channel channel;

    public LeadEventsConsumer(LeadEventBatch batch, PollConsumption consumption) {
        this.batch = batch;
        this.consumption = consumption;
        this.channel = consumption.channel(Channels.LEAD_EVENTS_IN, Topics.LEAD_EVENTS);
    }

    @Incoming(Channels.LEAD_EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvents(ConsumerRecords<String, String> records) {
        LeadPoll<LeadEvent> poll = LeadPoll.read(records, this::read, LeadEvent::leadId);
        consumption.consume(channel, poll, leads -> batch.apply(leads).toConsumption());
    }

    private Optional<LeadEvent> read(ConsumerRecord<String, String> record) {
        try {
            return Optional.of(FunnelJson.read(record.value(), LeadEvent.class));
        } catch (FunnelJson.UnknownEventTypeException e) {
            consumption.skippedUnknownType(Topics.LEAD_EVENTS, e.typeId());
            return Optional.empty();
        }
    }
}
