package io.leadfunnel.handoff.rest;

import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.domain.ChecklistItem;
import io.leadfunnel.handoff.domain.LeadAction;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.MqlEvaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A lead's lifecycle: stage, what may be done next, the hand-off, and the full audit trail. */
public record LifecycleView(String leadId, Stage stage, List<LeadAction> allowedActions, int recycles,
                            Instant recycledAt, HandoffView handoff, Map<ChecklistItem, String> checklist,
                            MqlEvaluation lastEvaluation, List<AuditEntry> history) {

    static LifecycleView of(LeadLifecycle lifecycle, Instant now) {
        LeadLifecycle.State s = lifecycle.state();
        return new LifecycleView(lifecycle.leadId(), lifecycle.stage(),
                lifecycle.allowedActions().stream().sorted().toList(), s.recycles(), s.recycledAt(),
                HandoffView.of(lifecycle, now), s.checklist(), s.lastEvaluation(),
                s.history().stream().map(AuditEntry::of).toList());
    }
}
