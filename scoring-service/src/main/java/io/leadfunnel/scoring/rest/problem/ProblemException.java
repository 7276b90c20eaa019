package io.leadfunnel.scoring.rest.problem;

import java.util.List;

/** Ends a request with a problem response; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String kind, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** 400: the body cannot be read. */
    public static ProblemException malformed(String detail, String field) {
        return new ProblemException(400, "malformed-request", "Malformed request", detail,
                field == null ? List.of() : List.of(new Problem.FieldError(field, detail)));
    }

    /** 404. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, List.of());
    }

    /** 409: the request conflicts with the current state (e.g. activating the active model). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, List.of());
    }

    /** 422: a model that is well-formed JSON but not a valid model; every bad field is listed. */
    public static ProblemException invalidModel(List<Problem.FieldError> errors) {
        return new ProblemException(422, "invalid-model", "Invalid scoring model",
                errors.size() + " field(s) of the model are invalid", errors);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
