package io.leadfunnel.handoff.rest.problem;

import java.util.List;

/** Ends a request with a problem response; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final List<String> allowedActions;

    public ProblemException(int status, String kind, String title, String detail, List<Problem.FieldError> errors,
                            List<String> allowedActions) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.allowedActions = allowedActions;
    }

    /** 400: a single invalid field. */
    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail,
                List.of(new Problem.FieldError(field, detail)), null);
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

    public List<String> allowedActions() {
        return allowedActions;
    }
}
