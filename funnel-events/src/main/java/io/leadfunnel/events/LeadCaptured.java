package io.leadfunnel.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A new lead entered the funnel, at stage {@link Stage#LEAD}.
 *
 * @param externalRefs the lead's ids in the sending systems, by system name ({@code hubspot}, {@code salesforce},
 *                     {@code generic:<source>}, {@code manual})
 * @param channel      how it arrived: {@code hubspot}, {@code salesforce}, {@code webhook:<source>} or {@code api}
 */
public record LeadCaptured(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        long sequence,
        LeadProfile profile,
        Map<String, String> externalRefs,
        String channel) implements LeadEvent {

    public static final String TYPE = "LeadCaptured";

    public LeadCaptured {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        profile = profile == null ? LeadProfile.empty() : profile;
        externalRefs = externalRefs == null ? Map.of() : Map.copyOf(externalRefs);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
