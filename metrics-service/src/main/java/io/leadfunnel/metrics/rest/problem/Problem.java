package io.leadfunnel.metrics.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem response body. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String TYPE_BASE = "https://leadfunnel.io/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The field at fault and what is wrong with it. */
    public record FieldError(String field, String detail) {
    }
}
