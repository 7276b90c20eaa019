package io.leadfunnel.lead.rest.dto;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.leadfunnel.events.ActivityType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Engagement of a known lead, reported by hand or by a tool without its own webhook. */
@KnownFieldsOnly
@Schema(name = "NewActivity", description = "Something a lead did")
public class ActivityRequest implements KnownFieldsOnly.Collecting {

    /** Most detail entries per activity. */
    public static final int MAX_DETAIL_ENTRIES = 50;

    @NotNull(message = "is required")
    @Schema(description = "What the lead did")
    public ActivityType type;

    @NotNull(message = "is required: when the lead did it")
    @Schema(description = "When the lead did it (ISO-8601)", examples = "2026-03-04T08:40:00Z")
    public Instant occurredAt;

    @Size(min = 1, max = 200)
    @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces")
    @Schema(description = "The caller's id of the activity; a repeat with the same id is recorded once. "
            + "Generated when absent, in which case a retry records the activity twice.",
            examples = "crm-call-88412")
    public String activityId;

    @Size(max = 500)
    @Schema(examples = "2026-q1-webinar-series")
    public String campaign;

    @Size(max = MAX_DETAIL_ENTRIES)
    @Schema(description = "String details, such as a page URL", examples = "{\"url\": \"https://acme.example/pricing\"}")
    public Map<@NotBlank @Size(max = 100) @Pattern(regexp = "\\P{Cntrl}*",
            message = "keys must be text without control characters") String, @NotNull @Size(max = 2000) String> detail;

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
