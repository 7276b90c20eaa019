package io.leadfunnel.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead's personal data was removed. Consumers drop every personal field they hold for the lead and keep only
 * anonymous funnel facts (stages, times, source, segment).
 *
 * @param reason      {@link Reason#REQUEST} for an erasure request, {@link Reason#MERGED} when the lead was merged
 *                    into another one
 * @param mergedInto  the surviving lead when {@code reason} is {@code MERGED}, else null
 */
public record LeadErased(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        long sequence,
        Reason reason,
        String mergedInto) implements LeadEvent {

    public static final String TYPE = "LeadErased";

    /** Why the lead's data was removed. */
    public enum Reason { REQUEST, MERGED }

    public LeadErased {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        reason = reason == null ? Reason.REQUEST : reason;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
