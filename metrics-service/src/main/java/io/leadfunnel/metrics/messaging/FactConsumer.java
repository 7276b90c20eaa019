package io.leadfunnel.metrics.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.metrics.repository.FactRepository;
import io.leadfunnel.metrics.service.AccountedApply;
import io.leadfunnel.metrics.service.FactService;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Consumes the three funnel topics into the lead facts a poll at a time (the channels are in batch mode): the poll is
 * grouped by lead, the leads' documents read in one query, the events folded in memory and written in one bulk write
 * ({@link FactService#apply}), then the poll is committed ({@link PollConsumption}). While MongoDB is unreachable the
 * poll waits and is applied again rather than dead-lettered. A record that cannot be read, or a lead whose write the
 * store refuses for good, goes alone to {@code <topic>.dlq} with the cause; the rest of the poll is applied. Event
 * types this version does not know are skipped and counted ({@code funnel_consumed_total}, type {@code unknown}: the
 * type name is not a bounded label value).
 */
@ApplicationScoped
public class FactConsumer {

    private final FactService facts;
    private final PollConsumption consumption;
    private final PollConsumption.Channel events;
    private final PollConsumption.Channel scores;
    private final PollConsumption.Channel lifecycle;

    public FactConsumer(FactService facts, PollConsumption consumption) {
        this.facts = facts;
        this.consumption = consumption;
        this.events = consumption.channel(Channels.EVENTS_IN, Topics.LEAD_EVENTS);
        this.scores = consumption.channel(Channels.SCORES_IN, Topics.LEAD_SCORES);
        this.lifecycle = consumption.channel(Channels.LIFECYCLE_IN, Topics.LEAD_LIFECYCLE);
    }

    @Incoming(Channels.EVENTS_IN)
    @Blocking(ordered = true)
    public void onLeadEvents(ConsumerRecords<String, String> records) {
        consume(events, records, LeadEvent.class);
    }

    @Incoming(Channels.SCORES_IN)
    @Blocking(ordered = true)
    public void onScores(ConsumerRecords<String, String> records) {
        consume(scores, records, ScoreEvent.class);
    }

    @Incoming(Channels.LIFECYCLE_IN)
    @Blocking(ordered = true)
    public void onLifecycle(ConsumerRecords<String, String> records) {
        consume(lifecycle, records, LifecycleEvent.class);
    }

    private void consume(PollConsumption.Channel channel, ConsumerRecords<String, String> records,
                         Class<? extends FunnelEvent> family) {
        LeadPoll<FunnelEvent> poll = LeadPoll.read(records, record -> {
            try {
                return Optional.of(FunnelJson.read(record.value(), family));
            } catch (FunnelJson.UnknownEventTypeException e) {
                consumption.skippedUnknownType(channel.topic(), "unknown");
                return Optional.empty();
            }
        }, FunnelEvent::leadId);
        consumption.consume(channel, poll, this::apply);
    }

    private PollConsumption.Applied apply(Map<String, List<LeadPoll.Entry<FunnelEvent>>> leads) {
        Map<String, List<FunnelEvent>> byLead = new LinkedHashMap<>();
        Map<String, String> partitionOf = new HashMap<>();
        Map<String, Long> offsets = new HashMap<>();
        leads.forEach((leadId, entries) -> {
            byLead.put(leadId, entries.stream().map(LeadPoll.Entry::event).toList());
            for (LeadPoll.Entry<FunnelEvent> entry : entries) {
                String partition = entry.record().topic() + "-" + entry.record().partition();
                partitionOf.put(leadId, partition);
                offsets.merge(partition, entry.record().offset(), Math::max);
            }
        });
        Map<String, FactRepository.LeadApplied> applied = facts.apply(byLead,
                new AccountedApply.PollSource(partitionOf, offsets));
        List<PollConsumption.Counted> counted = new ArrayList<>();
        List<Poison> poison = new ArrayList<>();
        leads.forEach((leadId, entries) -> {
            FactRepository.LeadApplied lead = applied.get(leadId);
            if (lead.refusal() != null) {
                IllegalStateException cause = new IllegalStateException(lead.refusal());
                entries.forEach(entry -> poison.add(new Poison(entry.record(), cause)));
                return;
            }
            for (int i = 0; i < entries.size(); i++) {
                counted.add(new PollConsumption.Counted(entries.get(i).event().type(),
                        lead.outcomes().get(i).name().toLowerCase(Locale.ROOT)));
            }
        });
        return new PollConsumption.Applied(counted, poison);
    }
}
