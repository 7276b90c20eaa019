package io.leadfunnel.lead.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a lead's history as sales-ops sees it.
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
}
