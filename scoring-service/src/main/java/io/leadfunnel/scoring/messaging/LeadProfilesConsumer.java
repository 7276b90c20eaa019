package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollApplication;
import io.leadfunnel.scoring.service.LeadProfileBatch;
import io.leadfunnel.scoring.service.LeadProfileBatch.ProfileRecord;
import io.leadfunnel.scoring.service.ScoringBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Consumes {@code lead.profiles} (the leads' personal values, keyed by lead id) into the scoring states a poll at a
 * time (the channel is in batch mode): one read, one bulk write, at most one {@code LeadScored} per lead
 * ({@link LeadProfileBatch}). It reads the Kafka records rather than their values, because a null value is a
 * tombstone: the lead's personal data was erased. The method returns, and the connector commits the poll's offsets,
 * only once the write is acknowledged and the poison records are on the dead-letter topic.
 * <p>
 * While MongoDB is unreachable, or leads are under heavy contention, the poll waits and is applied again
 * ({@link PollApplication}). A record that cannot be read or applied goes to {@code lead.profiles.dlq} without its
 * value ({@link DeadLetters.Value#WITHHELD}) and with a cause that quotes none of it: those of
 * {@link FunnelJson#readProfileRecord} quote nothing, and any other failure is named by its class alone, since a
 * store's or a codec's message may quote a stored value.
 */
@ApplicationScoped
public class LeadProfilesConsumer {

    private final LeadProfileBatch batch;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final String deadLetterTopic;

    public LeadProfilesConsumer(LeadProfileBatch batch, DeadLetters deadLetters, MeterRegistry registry,
                                @ConfigProperty(name = "mp.messaging.incoming." + Channels.LEAD_PROFILES_IN
                                        + ".dead-letter-queue.topic", defaultValue = Topics.LEAD_PROFILES + ".dlq")
                                String deadLetterTopic) {
        this.batch = batch;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Incoming(Channels.LEAD_PROFILES_IN)
    @Blocking(ordered = true)
    public void onLeadProfiles(ConsumerRecords<String, String> records) {
        LeadPoll<ProfileRecord> poll = LeadPoll.read(records, LeadProfilesConsumer::read, ProfileRecord::leadId);
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        List<ScoringBatch.Counted> counted = new ArrayList<>();
        PollApplication.apply("scoring a poll of " + poll.size() + " lead.profiles records", poll.byLead(),
                leads -> {
                    ScoringBatch.Applied applied = batch.apply(leads);
                    counted.addAll(applied.counted());
                    return applied.poison();
                }).forEach(p -> poison.add(p.quotingNothing()));
        deadLetters.send(deadLetterTopic, poison, DeadLetters.Value.WITHHELD);
        counted.forEach(c -> registry.counter("funnel.consumed", "topic", Topics.LEAD_PROFILES, "type", c.type(),
                "outcome", c.outcome().name().toLowerCase(Locale.ROOT)).increment());
        if (!poison.isEmpty()) {
            registry.counter("funnel.consumed", "topic", Topics.LEAD_PROFILES, "type", "any", "outcome",
                    "dead-lettered").increment(poison.size());
        }
    }

    private static Optional<ProfileRecord> read(ConsumerRecord<String, String> record) {
        String leadId = record.key();
        return Optional.of(new ProfileRecord(leadId,
                FunnelJson.readProfileRecord(leadId, record.value()).orElse(null)));
    }
}
