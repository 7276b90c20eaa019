package io.leadfunnel.handoff.domain;

import java.time.Instant;

/**
 * A hand-off of an MQL to a sales owner and its SLA clocks.
 *
 * @param id                hand-off id
 * @param owner             the rep, or {@code queue:<name>}
 * @param team              the owner's team (or the queue)
 * @param rule              routing rule (or escalation or reassignment) that gave the current owner the lead
 * @param notifyTeam        second team told about the lead, or null
 * @param definitionVersion definition in force at the hand-off
 * @param assignedAt        when the current owner received it
 * @param acceptDueAt       when it must be accepted or rejected
 * @param acceptedAt        when sales accepted it, or null
 * @param firstContactDueAt when the lead must have been contacted (set on acceptance)
 * @param firstContactAt    first call or meeting after acceptance, or null
 * @param escalations       SLA breaches so far (each escalates one step)
 * @param nextTimerAt       when the running SLA clock runs out; null when no clock runs
 * @param endedAt           when the hand-off ended (rejected, closed), or null while open
 */
public record Handoff(String id, String owner, String team, String rule, String notifyTeam, int definitionVersion,
                      Instant assignedAt, Instant acceptDueAt, Instant acceptedAt, Instant firstContactDueAt,
                      Instant firstContactAt, int escalations, Instant nextTimerAt, Instant endedAt) {

    Handoff withOwner(String newOwner, String newTeam, String newRule, Instant at) {
        return new Handoff(id, newOwner, newTeam, newRule, notifyTeam, definitionVersion, at, acceptDueAt, acceptedAt,
                firstContactDueAt, firstContactAt, escalations, nextTimerAt, endedAt);
    }

    Handoff withAcceptDue(Instant due) {
        return new Handoff(id, owner, team, rule, notifyTeam, definitionVersion, assignedAt, due, acceptedAt,
                firstContactDueAt, firstContactAt, escalations, due, endedAt);
    }

    Handoff accepted(Instant at, Instant contactDue) {
        return new Handoff(id, owner, team, rule, notifyTeam, definitionVersion, assignedAt, acceptDueAt, at,
                contactDue, firstContactAt, escalations, contactDue, endedAt);
    }

    Handoff withFirstContactDue(Instant due) {
        return new Handoff(id, owner, team, rule, notifyTeam, definitionVersion, assignedAt, acceptDueAt, acceptedAt,
                due, firstContactAt, escalations, due, endedAt);
    }

    Handoff contacted(Instant at) {
        return new Handoff(id, owner, team, rule, notifyTeam, definitionVersion, assignedAt, acceptDueAt, acceptedAt,
                firstContactDueAt, at, escalations, null, endedAt);
    }

    Handoff breached(Instant newTimer) {
        return new Handoff(id, owner, team, rule, notifyTeam, definitionVersion, assignedAt, acceptDueAt, acceptedAt,
                firstContactDueAt, firstContactAt, escalations + 1, newTimer, endedAt);
    }

    Handoff ended(Instant at) {
        return new Handoff(id, owner, team, rule, notifyTeam, definitionVersion, assignedAt, acceptDueAt, acceptedAt,
                firstContactDueAt, firstContactAt, escalations, null, at);
    }

    /** Whether the hand-off is still open. */
    public boolean isOpen() {
        return endedAt == null;
    }

    /** Whether an SLA was breached or the running clock has run out at {@code now}. */
    public boolean isOverdue(Instant now) {
        return isOpen() && (escalations > 0 || nextTimerAt != null && !nextTimerAt.isAfter(now));
    }
}
