package io.leadfunnel.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead's profile changed. Carries the whole profile after the change, so a consumer that sees the newest
 * {@link #sequence()} has the full picture whatever it missed or received out of order.
 *
 * @param changedFields  names of the {@link LeadProfile} fields that changed
 * @param mergedLeadIds  leads merged into this one by this change (a CRM merge or the same e-mail); empty otherwise
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
        List<String> mergedLeadIds) implements LeadEvent {

    public static final String TYPE = "LeadProfileUpdated";

    public LeadProfileUpdated {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        profile = profile == null ? LeadProfile.empty() : profile;
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
        mergedLeadIds = mergedLeadIds == null ? List.of() : List.copyOf(mergedLeadIds);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
