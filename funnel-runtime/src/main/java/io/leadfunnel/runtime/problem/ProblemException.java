package io.leadfunnel.runtime.problem;

import java.util.List;
import java.util.Map;

/** Ends a request with a problem response; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String kind, String title, String detail, List<Problem.FieldError> errors,
                            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ProblemException(int status, String kind, String title, String detail, List<Problem.FieldError> errors) {
        this(status, kind, title, detail, errors, null);
    }

    private static List<Problem.FieldError> field(String field, String detail) {
        return field == null ? List.of() : List.of(new Problem.FieldError(field, detail));
    }

    /** 400: the request cannot be read (malformed JSON or XML, wrong shape). */
    public static ProblemException malformed(String detail, String field) {
        return new ProblemException(400, "malformed-request", "Malformed request", detail, field(field, detail));
    }

    /** 400: one or more fields are invalid. */
    public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
    }

    /** 400: a single invalid field. */
    public static ProblemException invalidField(String field, String detail) {
        return invalid(detail, field(field, detail));
    }

    /** 401: the signature or token does not prove who sent the request. */
    public static ProblemException unauthenticated(String detail, String field) {
        return new ProblemException(401, "unauthenticated", "Not authenticated", detail, field(field, detail));
    }

    /** 403: the sender is known but not allowed. */
    public static ProblemException forbidden(String detail, String field) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, field(field, detail));
    }

    /** 404. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, List.of());
    }

    /** 409: the request conflicts with the current state. */
    public static ProblemException conflict(String detail, String field) {
        return new ProblemException(409, "conflict", "Conflict", detail, field(field, detail));
    }

    /** 413: the body is larger than accepted. */
    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "payload-too-large", "Payload too large", detail, List.of());
    }

    /** 415: the content type is not one this endpoint reads. */
    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, "unsupported-media-type", "Unsupported media type", detail,
                field("Content-Type", detail));
    }

    /** 422: well-formed but cannot be processed. */
    public static ProblemException unprocessable(String detail, String field) {
        return new ProblemException(422, "unprocessable", "Unprocessable request", detail, field(field, detail));
    }

    /** 429 with {@code Retry-After}: the client is over its rate limit. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, "rate-limited", "Too many requests", detail, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 503 with {@code Retry-After}: a transient failure; the sender should retry. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "temporarily-unavailable", "Temporarily unavailable", detail, List.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
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

    public Map<String, String> headers() {
        return headers;
    }
}
