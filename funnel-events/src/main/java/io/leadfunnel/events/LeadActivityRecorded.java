package io.leadfunnel.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead did something: opened an e-mail, viewed the pricing page, requested a demo. {@link #occurredAt()} is when the
 * lead did it, which may be long before it was recorded.
 *
 * @param activityId   id of the activity, unique per lead (the sender's id when it gave one)
 * @param activityType what the lead did
 * @param campaign     campaign the activity belongs to, if any
 * @param detail       sender-provided detail such as a page URL or webinar name (string values only); a sender may
 *                     put anything there, an e-mail address in a URL included, so {@link Topics#LEAD_EVENTS}
 *                     carries it empty ({@link #withoutDetail()}) and only lead-service keeps it, until erasure
 * @param recordedAt   when lead-service stored it
 */
public record LeadActivityRecorded(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        long sequence,
        String activityId,
        ActivityType activityType,
        String campaign,
        Map<String, String> detail,
        Instant recordedAt) implements LeadEvent {

    public static final String TYPE = "LeadActivityRecorded";

    public LeadActivityRecorded {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(activityType, "activityType");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** The sender's detail as one JSON object text, e.g. for a store that refuses {@code $} or dots in keys. */
    public String detailJson() {
        try {
            return FunnelJson.mapper().writeValueAsString(detail);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** This event as {@link Topics#LEAD_EVENTS} carries it: without the sender's detail. */
    public LeadActivityRecorded withoutDetail() {
        return new LeadActivityRecorded(eventId, leadId, occurredAt, schemaVersion, producer, sequence, activityId,
                activityType, campaign, Map.of(), recordedAt);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
