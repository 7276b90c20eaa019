package io.leadfunnel.runtime.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem response ({@code application/problem+json}). {@code errors} is this API's extension: one entry
 * per field at fault, so a client can point at the exact input; {@code reference} names a server failure in the log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "URI identifying the kind of problem") String type,
        @Schema(description = "Short summary of the kind of problem") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "What went wrong with this request") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "The fields at fault") List<FieldError> errors,
        @Schema(description = "For a server failure: the id under which it is logged") String reference) {

    /** The media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of the {@code type} URIs; each kind is documented in the service README under this name. */
    public static final String TYPE_BASE = "https://leadfunnel.io/problems/";

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, null);
    }

    /**
     * One field at fault.
     *
     * @param field  the field's name, JSON-pointer style for nested input ({@code /activities/0/type}), or a header
     *               or parameter name
     * @param detail what is wrong with it
     */
    @Schema(name = "FieldError")
    public record FieldError(String field, String detail) {
    }
}
