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
 * @param personalValues whether {@code profile} holds the personal values or they are on
 *                     {@link Topics#LEAD_PROFILES}
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
        String channel,
        PersonalValues personalValues) implements LeadEvent {

    public static final String TYPE = "LeadCaptured";

    public LeadCaptured {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        profile = profile == null ? LeadProfile.empty() : profile;
        externalRefs = externalRefs == null ? Map.of() : Map.copyOf(externalRefs);
        personalValues = personalValues == null ? PersonalValues.INLINE : personalValues;
    }

    /** An event whose profile holds its personal values ({@link PersonalValues#INLINE}). */
    public LeadCaptured(UUID eventId, String leadId, Instant occurredAt, int schemaVersion, String producer,
                        long sequence, LeadProfile profile, Map<String, String> externalRefs, String channel) {
        this(eventId, leadId, occurredAt, schemaVersion, producer, sequence, profile, externalRefs, channel,
                PersonalValues.INLINE);
    }

    /** The personal values of this event's profile, to publish on {@link Topics#LEAD_PROFILES}. */
    public LeadPersonalData personalData() {
        return LeadPersonalData.of(leadId, sequence, occurredAt, profile, externalRefs);
    }

    /**
     * This event as {@link Topics#LEAD_EVENTS} carries it: no personal value and no external reference, which
     * {@link #personalData()} holds.
     */
    public LeadCaptured withoutPersonalValues() {
        return new LeadCaptured(eventId, leadId, occurredAt, schemaVersion, producer, sequence,
                profile.withoutPersonalValues(), Map.of(), channel, PersonalValues.ON_PROFILE_TOPIC);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
