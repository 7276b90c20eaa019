package io.leadfunnel.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An MQL was handed to a named sales owner; the SLA clock starts at {@link #occurredAt()}.
 *
 * @param handoffId         id of the hand-off
 * @param owner             the sales owner (user name)
 * @param team              the owner's team
 * @param routingRule       the routing rule that chose the owner
 * @param acceptDueAt       when sales must have accepted or rejected the lead
 * @param definitionVersion version of the agreed lead definition in force
 */
public record HandoffAssigned(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        String handoffId,
        String owner,
        String team,
        String routingRule,
        Instant acceptDueAt,
        Integer definitionVersion) implements LifecycleEvent {

    public static final String TYPE = "HandoffAssigned";

    public HandoffAssigned {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
