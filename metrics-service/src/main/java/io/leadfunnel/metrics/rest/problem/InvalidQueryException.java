package io.leadfunnel.metrics.rest.problem;

/** A query parameter that cannot be understood; answered with a 400 problem naming it. */
public class InvalidQueryException extends RuntimeException {

    private final String field;

    public InvalidQueryException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
