package io.leadfunnel.lead.rest.dto;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ProfileValues;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lead entered by hand. Only profile fields: stage, score, owner and the other read-only fields do not exist here
 * (a body naming them is refused with the reason).
 */
@KnownFieldsOnly
@Schema(name = "NewLead", description = "A lead entered by hand: profile fields only. At least one of email, "
        + "firstName, lastName or company is required.")
public class NewLeadRequest implements KnownFieldsOnly.Collecting {

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(description = "E-mail address; stored trimmed and lower-case. Unique across leads.",
            examples = "ada.lovelace@acme-robotics.example")
    public String email;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(examples = "Ada")
    public String firstName;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(examples = "Lovelace")
    public String lastName;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(examples = "Acme Robotics")
    public String company;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(description = "Company web domain; derived from a company e-mail address when absent",
            examples = "acme-robotics.example")
    public String companyDomain;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(examples = "VP Operations")
    public String title;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(description = "ISO 3166-1 alpha-2 code, or a country name in English", examples = "DE")
    public String country;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(examples = "Manufacturing")
    public String industry;

    @Min(0)
    @Max(10_000_000)
    @Schema(description = "Number of employees", examples = "450")
    public Integer companySize;

    @NotNull(message = "is required: every lead is counted by source")
    @Schema(description = "Where the lead came from")
    public LeadSource source;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(description = "The source in the caller's own words", examples = "Hannover Messe booth")
    public String sourceDetail;

    @Size(max = ProfileValues.MAX_TEXT)
    @Schema(examples = "2026-q1-trade-shows")
    public String campaign;

    @Schema(description = "Who brought the lead in; defaults from the source (referrals and outbound calls are SALES)")
    public LeadOrigin origin;

    @JsonIgnore
    private final Map<String, Object> unknownFields = new LinkedHashMap<>();

    @JsonAnySetter
    void unknownField(String name, Object value) {
        unknownFields.put(name, value);
    }

    @Override
    @JsonIgnore
    public Map<String, Object> unknownFields() {
        return unknownFields;
    }
}
