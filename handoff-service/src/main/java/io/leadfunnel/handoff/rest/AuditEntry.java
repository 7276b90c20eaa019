package io.leadfunnel.handoff.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadfunnel.events.Actor;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One entry of a lead's audit trail: a stage change, hand-off, SLA breach or closure, with who or what caused it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String eventId, String type, Instant at, Stage from, Stage to, Integer definitionVersion,
                         List<CriterionResult> criteria, Actor causedBy, String reasonCode, String reason,
                         String owner, String team, String routingRule, Instant acceptDueAt, String sla,
                         Instant dueAt, String escalatedTo, BigDecimal amount, String currency) {

    static AuditEntry of(LifecycleEvent e) {
        if (e instanceof LeadStageChanged s) {
            return new AuditEntry(e.eventId().toString(), e.type(), e.occurredAt(), s.from(), s.to(),
                    s.definitionVersion(), s.criteria().isEmpty() ? null : s.criteria(), s.causedBy(), s.reasonCode(),
                    s.reason(), s.owner(), s.team(), null, null, null, null, null, null, null);
        }
        if (e instanceof HandoffAssigned h) {
            return new AuditEntry(e.eventId().toString(), e.type(), e.occurredAt(), null, null, h.definitionVersion(),
                    null, null, null, null, h.owner(), h.team(), h.routingRule(), h.acceptDueAt(), null, null, null,
                    null, null);
        }
        if (e instanceof HandoffSlaBreached b) {
            return new AuditEntry(e.eventId().toString(), e.type(), e.occurredAt(), null, null, null, null,
                    Actor.system("sla-timer"), null, null, b.owner(), b.team(), null, null, b.sla().name(), b.dueAt(),
                    b.escalatedTo(), null, null);
        }
        LeadClosed c = (LeadClosed) e;
        return new AuditEntry(e.eventId().toString(), e.type(), e.occurredAt(), null, c.outcome(), null, null, null,
                c.lossReason(), null, c.owner(), c.team(), null, null, null, null, null, c.amount(), c.currency());
    }
}
