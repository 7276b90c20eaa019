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
 * @param detail       sender-provided detail such as a page URL or webinar name (string values only)
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

    @Override
    public String type() {
        return TYPE;
    }
}
