package io.leadfunnel.lead.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a lead's history as sales-ops sees it. The factories say how each fact reads there, so the lines of one
 * kind look alike whichever command or event produced them.
 *
 * @param at      when it happened
 * @param kind    {@code captured}, {@code profile-updated}, {@code activity}, {@code merged}, {@code stage},
 *                {@code handoff}, {@code sla-breached}, {@code closed}, {@code scored}, {@code erased},
 *                {@code reference-removed}
 * @param summary one human-readable line
 * @param eventId the event behind it, if any
 * @param data    small structured details (field names, stage names, scores)
 */
public record TimelineEntry(Instant at, String kind, String summary, String eventId, Map<String, String> data) {

    public TimelineEntry {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** The line as it stays after erasure: the kind of fact and its time, no detail that could name the person. */
    TimelineEntry withoutDetails() {
        return new TimelineEntry(at, kind, kind, eventId, Map.of());
    }

    static TimelineEntry of(LeadCaptured captured) {
        return new TimelineEntry(captured.occurredAt(), "captured", "captured via " + captured.channel(),
                captured.eventId().toString(), Map.of("channel", String.valueOf(captured.channel())));
    }

    /** A profile change; {@code summary} says where it came from, the changed fields are appended. */
    static TimelineEntry of(LeadProfileUpdated updated, String summary) {
        boolean merged = !updated.mergedLeadIds().isEmpty();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("fields", String.join(",", updated.changedFields()));
        if (merged) {
            data.put("mergedLeadIds", String.join(",", updated.mergedLeadIds()));
        }
        return new TimelineEntry(updated.occurredAt(), merged ? "merged" : "profile-updated",
                summary + (updated.changedFields().isEmpty() ? "" : ": " + String.join(", ", updated.changedFields())),
                updated.eventId().toString(), data);
    }

    static TimelineEntry of(LeadActivityRecorded recorded) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("activityType", recorded.activityType().name());
        data.put("activityId", recorded.activityId());
        if (recorded.campaign() != null) {
            data.put("campaign", recorded.campaign());
        }
        if (!recorded.detail().isEmpty()) {
            // kept here only: lead.events carries activities without it, and erasure clears the timeline's data
            data.put("detail", recorded.detailJson());
        }
        return new TimelineEntry(recorded.occurredAt(), "activity",
                recorded.activityType().name().toLowerCase().replace('_', ' '), recorded.eventId().toString(), data);
    }

    /** The absorbed lead's side of a merge: its data went to the survivor. */
    static TimelineEntry mergedAway(LeadErased erased) {
        return new TimelineEntry(erased.occurredAt(), "merged", "merged into lead " + erased.mergedInto(),
                erased.eventId().toString(), Map.of("mergedInto", erased.mergedInto()));
    }

    /** Erasure on request; the line keeps who asked for it. */
    static TimelineEntry erased(LeadErased erased, Actor by) {
        return new TimelineEntry(erased.occurredAt(), "erased", "personal data erased", erased.eventId().toString(),
                Map.of("by", by.kind() + ":" + by.id()));
    }

    static TimelineEntry referenceRemoved(ExternalRef ref, Instant at) {
        return new TimelineEntry(at, "reference-removed", ref.system() + " record removed", null,
                Map.of("system", ref.system()));
    }

    /** A lifecycle event from handoff-service; it has its line even when a newer decision already holds. */
    static TimelineEntry of(LifecycleEvent event) {
        String eventId = event.eventId().toString();
        if (event instanceof LeadStageChanged changed) {
            Map<String, String> data = new LinkedHashMap<>();
            if (changed.from() != null) {
                data.put("from", changed.from().name());
            }
            data.put("to", changed.to().name());
            if (changed.reasonCode() != null) {
                data.put("reasonCode", changed.reasonCode());
            }
            if (changed.definitionVersion() != null) {
                data.put("definitionVersion", changed.definitionVersion().toString());
            }
            return new TimelineEntry(changed.occurredAt(), "stage",
                    (changed.from() == null ? "" : changed.from() + " -> ") + changed.to(), eventId, data);
        }
        if (event instanceof HandoffAssigned assigned) {
            return new TimelineEntry(assigned.occurredAt(), "handoff", "handed to " + assigned.owner(), eventId,
                    nonNull(Map.of("owner", String.valueOf(assigned.owner()),
                            "team", String.valueOf(assigned.team()))));
        }
        if (event instanceof HandoffSlaBreached breached) {
            return new TimelineEntry(breached.occurredAt(), "sla-breached",
                    breached.sla() + " SLA breached by " + breached.owner(), eventId,
                    nonNull(Map.of("sla", String.valueOf(breached.sla()), "owner", String.valueOf(breached.owner()))));
        }
        LeadClosed closed = (LeadClosed) event;
        Map<String, String> data = new LinkedHashMap<>();
        data.put("outcome", closed.outcome().name());
        if (closed.amount() != null) {
            data.put("amount", closed.amount().toPlainString());
            data.put("currency", String.valueOf(closed.currency()));
        }
        if (closed.lossReason() != null) {
            data.put("lossReason", closed.lossReason());
        }
        return new TimelineEntry(closed.occurredAt(), "closed", "closed " + closed.outcome(), eventId, data);
    }

    /** A score from scoring-service; every score has its line, the newest is the lead's score. */
    static TimelineEntry of(LeadScored scored) {
        return new TimelineEntry(scored.occurredAt(), "scored",
                "score " + scored.total() + " (fit " + scored.fit() + ", engagement " + scored.engagement()
                        + ", grade " + scored.grade() + ")",
                scored.eventId().toString(), Map.of("total", Integer.toString(scored.total()),
                "modelVersion", Integer.toString(scored.modelVersion())));
    }

    /** Drops the details a sender left out, so a line never shows the word {@code null}. */
    private static Map<String, String> nonNull(Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null && !"null".equals(v)) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
