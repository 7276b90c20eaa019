package io.leadfunnel.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead's profile changed. Carries the whole profile after the change, so a consumer that sees the newest
 * {@link #sequence()} has the full picture whatever it missed or received out of order.
 *
 * @param changedFields  names of the {@link LeadProfile} fields that changed
 * @param mergedLeadIds  leads merged into this one by this change (a CRM merge or the same e-mail); empty otherwise
 * @param personalValues whether {@code profile} holds the personal values or they are on
 *                       {@link Topics#LEAD_PROFILES}
 */
public record LeadProfileUpdated(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        long sequence,
        LeadProfile profile,
        List<String> changedFields,
        List<String> mergedLeadIds,
        PersonalValues personalValues) implements LeadEvent {

    public static final String TYPE = "LeadProfileUpdated";

    public LeadProfileUpdated {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        profile = profile == null ? LeadProfile.empty() : profile;
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
        mergedLeadIds = mergedLeadIds == null ? List.of() : List.copyOf(mergedLeadIds);
        personalValues = personalValues == null ? PersonalValues.INLINE : personalValues;
    }

    /** An event whose profile holds its personal values ({@link PersonalValues#INLINE}). */
    public LeadProfileUpdated(UUID eventId, String leadId, Instant occurredAt, int schemaVersion, String producer,
                              long sequence, LeadProfile profile, List<String> changedFields,
                              List<String> mergedLeadIds) {
        this(eventId, leadId, occurredAt, schemaVersion, producer, sequence, profile, changedFields, mergedLeadIds,
                PersonalValues.INLINE);
    }

    /** The personal values of this event's profile, to publish on {@link Topics#LEAD_PROFILES}. */
    public LeadPersonalData personalData() {
        return LeadPersonalData.of(leadId, sequence, occurredAt, profile, Map.of());
    }

    /** This event as {@link Topics#LEAD_EVENTS} carries it: no personal value, which {@link #personalData()} holds. */
    public LeadProfileUpdated withoutPersonalValues() {
        return new LeadProfileUpdated(eventId, leadId, occurredAt, schemaVersion, producer, sequence,
                profile.withoutPersonalValues(), changedFields, mergedLeadIds, PersonalValues.ON_PROFILE_TOPIC);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
