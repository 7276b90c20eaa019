package io.leadfunnel.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead moved from one stage to another. Every stage entry is one of these; history is never overwritten.
 *
 * @param from              previous stage (null only if handoff-service never saw the lead at LEAD)
 * @param to                new stage
 * @param definitionVersion version of the agreed lead definition the move was judged against
 * @param criteria          each criterion evaluated, with pass or fail and the observed value
 * @param causedBy          the rule, timer or person that caused the move
 * @param reasonCode        machine-readable reason for rejections, disqualifications and losses, else null
 * @param reason            free-text note given with the move, else null
 * @param owner             the lead's owner after the move, if any
 * @param team              the owner's team, if any
 */
public record LeadStageChanged(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        Stage from,
        Stage to,
        Integer definitionVersion,
        List<CriterionResult> criteria,
        Actor causedBy,
        String reasonCode,
        String reason,
        String owner,
        String team) implements LifecycleEvent {

    public static final String TYPE = "LeadStageChanged";

    public LeadStageChanged {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(to, "to");
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
