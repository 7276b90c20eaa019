package io.leadfunnel.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A hand-off's SLA ran out before sales acted.
 *
 * @param handoffId   the hand-off
 * @param sla         which clock ran out
 * @param owner       the owner who held the lead when it ran out
 * @param team        the owner's team
 * @param dueAt       when it was due
 * @param escalatedTo who the lead was escalated or reassigned to, if anyone
 */
public record HandoffSlaBreached(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        String handoffId,
        Sla sla,
        String owner,
        String team,
        Instant dueAt,
        String escalatedTo) implements LifecycleEvent {

    public static final String TYPE = "HandoffSlaBreached";

    /** The two clocks of a hand-off. */
    public enum Sla { ACCEPT, FIRST_CONTACT }

    public HandoffSlaBreached {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
