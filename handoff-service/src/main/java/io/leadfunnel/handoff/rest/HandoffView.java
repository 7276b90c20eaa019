package io.leadfunnel.handoff.rest;

import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.domain.Handoff;
import io.leadfunnel.handoff.domain.LeadLifecycle;

import java.time.Instant;

/** A lead's hand-off as a rep's queue and the overdue report show it. */
public record HandoffView(String leadId, Stage stage, String handoffId, String owner, String team, String routingRule,
                          String notifyTeam, Instant assignedAt, Instant acceptDueAt, Instant acceptedAt,
                          Instant firstContactDueAt, Instant firstContactAt, int escalations, Instant nextDueAt,
                          boolean open, boolean overdue) {

    static HandoffView of(LeadLifecycle lifecycle, Instant now) {
        Handoff h = lifecycle.handoff();
        if (h == null) {
            return null;
        }
        return new HandoffView(lifecycle.leadId(), lifecycle.stage(), h.id(), h.owner(), h.team(), h.rule(),
                h.notifyTeam(), h.assignedAt(), h.acceptDueAt(), h.acceptedAt(), h.firstContactDueAt(),
                h.firstContactAt(), h.escalations(), h.nextTimerAt(), h.isOpen(), h.isOverdue(now));
    }
}
