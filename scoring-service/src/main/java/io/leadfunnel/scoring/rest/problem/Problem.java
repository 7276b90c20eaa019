package io.leadfunnel.scoring.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem response ({@code application/problem+json}); {@code errors} names each field at fault as a JSON
 * pointer into the request body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of the {@code type} URIs; the kinds are listed in the service README. */
    public static final String TYPE_BASE = "https://leadfunnel.io/problems/";

    @Schema(name = "FieldError")
    public record FieldError(String field, String detail) {
    }
}
