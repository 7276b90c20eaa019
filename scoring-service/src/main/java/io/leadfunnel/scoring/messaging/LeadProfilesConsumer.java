package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.leadfunnel.scoring.service.LeadScoring;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Locale;

/**
 * Consumes {@code lead.profiles} (the leads' personal values, keyed by lead id) into the scoring states. It takes the
 * Kafka record rather than its value, because a null value is a tombstone: the lead's personal data was erased.
 * While MongoDB is unreachable, or the lead is under heavy contention, a record waits and is retried
 * ({@link UntilApplied}). A record that cannot be read fails the message and goes to {@code lead.profiles.dlq}
 * without its value (the channel's dead-letter serializer withholds it) and with a cause that quotes none of it.
 */
@ApplicationScoped
public class LeadProfilesConsumer {

    static final String TYPE_PERSONAL_DATA = "LeadPersonalData";
    static final String TYPE_TOMBSTONE = "tombstone";

    private final LeadScoring scoring;
    private final MeterRegistry registry;

    public LeadProfilesConsumer(LeadScoring scoring, MeterRegistry registry) {
        this.scoring = scoring;
        this.registry = registry;
    }

    @Incoming(Channels.LEAD_PROFILES_IN)
    @Blocking(ordered = true)
    public void onLeadProfile(ConsumerRecord<String, String> record) {
        String leadId = record.key();
        LeadPersonalData personal = FunnelJson.readProfileRecord(leadId, record.value()).orElse(null);
        String type = personal == null ? TYPE_TOMBSTONE : TYPE_PERSONAL_DATA;
        LeadScoring.Outcome outcome = UntilApplied.apply("scoring the " + type + " of lead " + leadId,
                () -> scoring.applyPersonalData(leadId, personal));
        registry.counter("funnel.consumed", "topic", Topics.LEAD_PROFILES, "type", type,
                "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
    }
}
