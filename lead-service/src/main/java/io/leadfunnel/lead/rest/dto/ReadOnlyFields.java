package io.leadfunnel.lead.rest.dto;

import java.util.Map;
import java.util.Optional;

/**
 * Fields a lead response shows but no request may set, with the reason a client is told. Stage, score and owner are
 * owned by other services (handoff-service runs the lifecycle and routing, scoring-service the scores); lead-service
 * only mirrors them.
 */
public final class ReadOnlyFields {

    private static final String LIFECYCLE = "stage changes only through the lifecycle (handoff-service)";
    private static final String ROUTING = "owner and team are set only by the hand-off routing (handoff-service)";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("stage", LIFECYCLE),
            Map.entry("stageAt", LIFECYCLE),
            Map.entry("score", "scores come only from scoring-service"),
            Map.entry("owner", ROUTING),
            Map.entry("team", ROUTING),
            Map.entry("id", "lead-service assigns the id"),
            Map.entry("createdAt", "lead-service records when a lead was created"),
            Map.entry("updatedAt", "lead-service records when a lead last changed"),
            Map.entry("externalRefs", "external references come only from the CRM integrations"),
            Map.entry("mergedInto", "leads are merged only by the identity rules and CRM merges"),
            Map.entry("erased", "erasure is a DELETE of the lead"),
            Map.entry("erasedAt", "erasure is a DELETE of the lead"),
            Map.entry("timeline", "the timeline is history and cannot be edited"));

    private ReadOnlyFields() {
    }

    /** Why {@code field} cannot be set, if it is one of the read-only fields. */
    public static Optional<String> explain(String field) {
        String reason = REASONS.get(field);
        return reason == null ? Optional.empty() : Optional.of(field + " is read-only: " + reason);
    }
}
