package io.leadfunnel.lead.rest.dto;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI shape of {@code PATCH /leads/{id}}: documentation only. The patch itself is read as a JSON object, so
 * that a field present with null (clear it) can be told from an absent field (leave it alone); see
 * {@code ProfileInput}. Stage, score and owner are not here: lifecycle and routing belong to handoff-service.
 */
@Schema(name = "LeadProfilePatch", description = "JSON merge patch of profile fields: a value sets the field, null "
        + "clears it, an absent field is left alone. Read-only fields (stage, score, owner, team, id, ...) are refused.")
public final class LeadProfilePatch {

    @Schema(nullable = true, examples = "ada@acme-robotics.example")
    public String email;
    @Schema(nullable = true)
    public String firstName;
    @Schema(nullable = true)
    public String lastName;
    @Schema(nullable = true)
    public String company;
    @Schema(nullable = true)
    public String companyDomain;
    @Schema(nullable = true)
    public String title;
    @Schema(nullable = true, description = "ISO 3166-1 alpha-2 code, or a country name in English")
    public String country;
    @Schema(nullable = true)
    public String industry;
    @Schema(nullable = true, minimum = "0", maximum = "10000000")
    public Integer companySize;
    @Schema(nullable = true)
    public LeadSource source;
    @Schema(nullable = true)
    public String sourceDetail;
    @Schema(nullable = true)
    public String campaign;
    @Schema(nullable = true)
    public LeadOrigin origin;

    private LeadProfilePatch() {
    }
}
