package io.leadfunnel.lead.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.service.LeadReadModel;
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
 * Consumes {@code lead.lifecycle} and {@code lead.scores} into the lead read model a poll at a time (both channels are
 * in batch mode): the poll is grouped by lead and written with one bulk write ({@link LeadReadModel#applyLifecycle}),
 * because the {@code leads} collection also takes the webhooks' writes and every round trip spent here delays them.
 * The method returns, and the connector commits the poll's offsets, only once the write is acknowledged and the poison
 * records are on the dead-letter topic.
 * <p>
 * While MongoDB is unreachable the poll waits and is applied again ({@link PollApplication}; applying an event twice
 * changes nothing). A record that cannot be read or applied goes alone to the topic's {@code .dlq} with its cause
 * ({@link DeadLetters}) and the rest of the poll is applied; the connector's own dead-letter strategy would send the
 * whole poll. Event types this version does not know (from a newer producer) are skipped and counted.
 */
@ApplicationScoped
public class ReadModelConsumer {

    private static final Logger LOG = Logger.getLogger(ReadModelConsumer.class);

    private final LeadReadModel readModel;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final String lifecycleDeadLetters;
    private final String scoresDeadLetters;

    public ReadModelConsumer(LeadReadModel readModel, DeadLetters deadLetters, MeterRegistry registry,
                             @ConfigProperty(name = "mp.messaging.incoming." + Channels.LIFECYCLE_IN
                                     + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_LIFECYCLE + ".dlq")
                             String lifecycleDeadLetters,
                             @ConfigProperty(name = "mp.messaging.incoming." + Channels.SCORES_IN
                                     + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_SCORES + ".dlq")
                             String scoresDeadLetters) {
        this.readModel = readModel;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.lifecycleDeadLetters = lifecycleDeadLetters;
        this.scoresDeadLetters = scoresDeadLetters;
    }

    @Incoming(Channels.LIFECYCLE_IN)
    @Blocking(ordered = true)
    public void onLifecycle(ConsumerRecords<String, String> records) {
        LeadPoll<LifecycleEvent> poll = LeadPoll.read(records,
                record -> read(Topics.LEAD_LIFECYCLE, record, LifecycleEvent.class), LifecycleEvent::leadId);
        consume(Topics.LEAD_LIFECYCLE, lifecycleDeadLetters, poll, readModel::applyLifecycle);
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScores(ConsumerRecords<String, String> records) {
        LeadPoll<LeadScored> poll = LeadPoll.read(records,
                record -> read(Topics.LEAD_SCORES, record, ScoreEvent.class).map(LeadScored.class::cast),
                LeadScored::leadId);
        consume(Topics.LEAD_SCORES, scoresDeadLetters, poll, readModel::applyScores);
    }

    private <E> void consume(String topic, String deadLetterTopic, LeadPoll<E> poll,
                             Function<Map<String, List<LeadPoll.Entry<E>>>, LeadReadModel.Applied> apply) {
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        List<LeadReadModel.Counted> counted = new ArrayList<>();
        poison.addAll(PollApplication.apply("applying a poll of " + poll.size() + " " + topic + " records",
                poll.byLead(), leads -> {
                    LeadReadModel.Applied applied = apply.apply(leads);
                    counted.addAll(applied.counted());
                    return applied.poison();
                }));
        deadLetters.send(deadLetterTopic, poison);
        counted.forEach(c -> count(topic, c));
        if (!poison.isEmpty()) {
            registry.counter("funnel.consumed", "topic", topic, "type", "any", "outcome", "dead-lettered")
                    .increment(poison.size());
        }
    }

    private void count(String topic, LeadReadModel.Counted counted) {
        registry.counter("funnel.consumed", "topic", topic, "type", counted.type(),
                "outcome", counted.outcome().name().toLowerCase(Locale.ROOT)).increment();
        if (counted.outcome() == LeadReadModel.Outcome.UNKNOWN_LEAD) {
            LOG.warnf("%s %s names lead %s, which lead-service does not know; ignored", topic, counted.type(),
                    counted.leadId());
        }
    }

    /** The record's event, or empty for a type this version does not know (counted). Throws when it is unreadable. */
    private <E extends FunnelEvent> Optional<E> read(String topic, ConsumerRecord<String, String> record,
                                                     Class<E> type) {
        try {
            return Optional.of(FunnelJson.read(record.value(), type));
        } catch (FunnelJson.UnknownEventTypeException e) {
            registry.counter("funnel.consumed", "topic", topic, "type", String.valueOf(e.typeId()),
                    "outcome", "unknown-type").increment();
            LOG.debugf("skipping %s event of unknown type %s", topic, e.typeId());
            return Optional.empty();
        }
    }
}
