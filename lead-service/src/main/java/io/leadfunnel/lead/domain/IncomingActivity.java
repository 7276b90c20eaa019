package io.leadfunnel.lead.domain;

import io.leadfunnel.events.ActivityType;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Engagement reported for a lead.
 *
 * @param activityId the sender's id of the activity; deduplication key per lead
 * @param type       what the lead did
 * @param occurredAt when the lead did it
 * @param campaign   campaign it belongs to, if any
 * @param detail     string details such as a page URL
 */
public record IncomingActivity(String activityId, ActivityType type, Instant occurredAt, String campaign,
                               Map<String, String> detail) {

    public IncomingActivity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
