package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;

import java.time.Instant;
import java.util.Objects;

/**
 * One engagement fact kept for scoring.
 *
 * @param activityId the activity's id (unique per lead); the deduplication key together with the event id
 * @param eventId    the event that reported it
 */
public record Activity(String activityId, String eventId, ActivityType type, Instant occurredAt) {

    public Activity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The key that identifies the same activity reported twice. */
    public String key() {
        return activityId != null ? activityId : eventId;
    }
}
