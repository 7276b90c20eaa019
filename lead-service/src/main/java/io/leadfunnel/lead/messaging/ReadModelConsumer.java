package io.leadfunnel.lead.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.service.LeadReadModel;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consumes {@code lead.lifecycle} and {@code lead.scores} into the lead read model a poll at a time (both channels are
 * in batch mode): the poll is grouped by lead and written with one bulk write ({@link LeadReadModel#applyLifecycle}),
 * because the {@code leads} collection also takes the webhooks' writes and every round trip spent here delays them.
 * The poll is applied, its poison records sent to the topic's {@code .dlq} and every record counted by
 * {@link PollConsumption}; an event naming a lead this service does not know is logged. Event types this version does
 * not know (from a newer producer) are skipped and counted.
 */
@ApplicationScoped
public class ReadModelConsumer {

    private static final Logger LOG = Logger.getLogger(ReadModelConsumer.class);

    private final LeadReadModel readModel;
    private final PollConsumption consumption;
    private final PollConsumption.Channel lifecycle;
    private final PollConsumption.Channel scores;

    public ReadModelConsumer(LeadReadModel readModel, PollConsumption consumption) {
        this.readModel = readModel;
        this.consumption = consumption;
        this.lifecycle = consumption.channel(Channels.LIFECYCLE_IN, Topics.LEAD_LIFECYCLE);
        this.scores = consumption.channel(Channels.SCORES_IN, Topics.LEAD_SCORES);
    }

    @Incoming(Channels.LIFECYCLE_IN)
    @Blocking(ordered = true)
    public void onLifecycle(ConsumerRecords<String, String> records) {
        LeadPoll<LifecycleEvent> poll = LeadPoll.read(records,
                record -> read(Topics.LEAD_LIFECYCLE, record, LifecycleEvent.class), LifecycleEvent::leadId);
        consume(lifecycle, poll, readModel::applyLifecycle);
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScores(ConsumerRecords<String, String> records) {
        LeadPoll<LeadScored> poll = LeadPoll.read(records,
                record -> read(Topics.LEAD_SCORES, record, ScoreEvent.class).map(LeadScored.class::cast),
                LeadScored::leadId);
        consume(scores, poll, readModel::applyScores);
    }

    /** Consumes the poll, then logs each of its events that names a lead this service does not know. */
    private <E> void consume(PollConsumption.Channel channel, LeadPoll<E> poll,
                             Function<Map<String, List<LeadPoll.Entry<E>>>, LeadReadModel.Applied> apply) {
        List<LeadReadModel.Counted> unknownLeads = new ArrayList<>();
        consumption.consume(channel, poll, leads -> {
            LeadReadModel.Applied applied = apply.apply(leads);
            applied.counted().stream().filter(c -> c.outcome() == LeadReadModel.Outcome.UNKNOWN_LEAD)
                    .forEach(unknownLeads::add);
            return applied.toConsumption();
        });
        unknownLeads.forEach(c -> LOG.warnf("%s %s names lead %s, which lead-service does not know; ignored",
                channel.topic(), c.type(), c.leadId()));
    }

    /** The record's event, or empty for a type this version does not know (counted). Throws when it is unreadable. */
    private <E extends FunnelEvent> Optional<E> read(String topic, ConsumerRecord<String, String> record,
                                                     Class<E> type) {
        try {
            return Optional.of(FunnelJson.read(record.value(), type));
        } catch (FunnelJson.UnknownEventTypeException e) {
            consumption.skippedUnknownType(topic, e.typeId());
            return Optional.empty();
        }
    }
}
