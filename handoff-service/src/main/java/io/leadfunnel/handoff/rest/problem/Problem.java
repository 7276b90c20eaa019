package io.leadfunnel.handoff.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem response ({@code application/problem+json}). Extensions: {@code errors}, one entry per field at
 * fault, and {@code allowedActions}, what the lead's stage allows when an action was refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, List<String> allowedActions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://leadfunnel.io/problems/";

    /** One field at fault: its name (JSON-pointer style for nested input) and what is wrong with it. */
    @Schema(name = "FieldError")
    public record FieldError(String field, String detail) {
    }
}
