package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.leadfunnel.scoring.service.LeadProfileBatch;
import io.leadfunnel.scoring.service.LeadProfileBatch.ProfileRecord;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * Consumes {@code lead.profiles} (the leads' personal values, keyed by lead id) into the scoring states a poll at a
 * time (the channel is in batch mode): one read, one bulk write, at most one {@code LeadScored} per lead
 * ({@link LeadProfileBatch}). It reads the Kafka records rather than their values, because a null value is a
 * tombstone: the lead's personal data was erased. The poll is applied and every record counted by
 * {@link PollConsumption}; a record that cannot be read or applied goes to {@code lead.profiles.dlq} without its value
 * ({@link DeadLetters.Value#WITHHELD}) and with a cause that quotes none of it: those of
 * {@link FunnelJson#readProfileRecord} quote nothing, and any other failure is named by its class alone.
 */
@ApplicationScoped
public class LeadProfilesConsumer {

    private final LeadProfileBatch batch;
    private final PollConsumption consumption;
    private final PollConsumption.Channel channel;

    public LeadProfilesConsumer(LeadProfileBatch batch, PollConsumption consumption) {
        this.batch = batch;
        this.consumption = consumption;
        this.channel = consumption.channelWithheld(Channels.LEAD_PROFILES_IN, Topics.LEAD_PROFILES);
    }

    @Incoming(Channels.LEAD_PROFILES_IN)
    @Blocking(ordered = true)
    public void onLeadProfiles(ConsumerRecords<String, String> records) {
        LeadPoll<ProfileRecord> poll = LeadPoll.read(records, LeadProfilesConsumer::read, ProfileRecord::leadId);
        consumption.consume(channel, poll, leads -> batch.apply(leads).toConsumption());
    }

    private static Optional<ProfileRecord> read(ConsumerRecord<String, String> record) {
        String leadId = record.key();
        return Optional.of(new ProfileRecord(leadId,
                FunnelJson.readProfileRecord(leadId, record.value()).orElse(null)));
    }
}
