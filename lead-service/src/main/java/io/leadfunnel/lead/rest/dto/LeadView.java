package io.leadfunnel.lead.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A lead as the sales-ops API shows it. Profile fields are flat, with the same names a PATCH uses; unknown values are
 * null. Stage, owner, team and score are read models of other services' events.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "email", "firstName", "lastName", "company", "companyDomain", "title", "country",
        "industry", "companySize", "source", "sourceDetail", "campaign", "origin", "externalRefs", "stage",
        "stageAt", "owner", "team", "score", "createdAt", "updatedAt", "mergedInto", "erased", "erasedAt",
        "timeline"})
@Schema(name = "Lead")
public record LeadView(
        @Schema(description = "Lead id (24 hexadecimal digits)", examples = "6571a3f09c1d4e2b8a7f0c11") String id,
        String email,
        String firstName,
        String lastName,
        String company,
        String companyDomain,
        String title,
        @Schema(description = "ISO 3166-1 alpha-2 code when recognised") String country,
        String industry,
        Integer companySize,
        LeadSource source,
        String sourceDetail,
        String campaign,
        LeadOrigin origin,
        @Schema(description = "The lead's ids in other systems") List<ExternalRefView> externalRefs,
        @Schema(description = "Funnel stage, as handoff-service last reported it") Stage stage,
        @Schema(description = "When the lead entered its stage") Instant stageAt,
        @Schema(description = "Sales owner assigned by the hand-off routing") String owner,
        String team,
        @Schema(description = "Latest score from scoring-service; null until scored") ScoreView score,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "The lead this one was merged into; its data lives there now") String mergedInto,
        @Schema(description = "Whether the lead's personal data was erased") boolean erased,
        Instant erasedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "History, oldest first; only on GET /leads/{id}") List<TimelineView> timeline) {

    /** A reference to the lead in another system. */
    @Schema(name = "ExternalRef")
    public record ExternalRefView(
            @Schema(description = "hubspot, salesforce, generic:<source> or manual", examples = "hubspot") String system,
            @Schema(examples = "51") String id) {
    }

    /** The latest score. */
    @Schema(name = "Score")
    public record ScoreView(int fit, int engagement, int total,
                            @Schema(description = "A (best) to D") String grade,
                            int modelVersion,
                            @Schema(description = "When scoring-service computed it") Instant scoredAt) {
    }

    /** One line of history. */
    @Schema(name = "TimelineEntry")
    public record TimelineView(
            Instant at,
            @Schema(description = "captured, profile-updated, activity, merged, stage, handoff, sla-breached, "
                    + "closed, scored, erased, reference-removed") String kind,
            String summary,
            @Schema(description = "The event behind the entry, if any") String eventId,
            @Schema(description = "Small structured details") Map<String, String> data) {
    }
}
