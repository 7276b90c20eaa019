package io.leadfunnel.lead.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of {@code GET /leads}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "LeadPage")
public record LeadPage(
        @Schema(description = "Leads, newest first") List<LeadView> items,
        @Schema(description = "Pass as cursor to get the next page; null on the last page") String nextCursor) {
}
