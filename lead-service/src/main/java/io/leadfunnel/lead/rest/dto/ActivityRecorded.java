package io.leadfunnel.lead.rest.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to an activity report.
 *
 * @param recorded false when an activity with this id was recorded before (nothing changed)
 */
@Schema(name = "ActivityRecorded")
public record ActivityRecorded(
        String leadId,
        @Schema(description = "The activity's id, generated when the request gave none") String activityId,
        @Schema(description = "false when this activity id was already recorded; nothing changed") boolean recorded) {
}
