package io.leadfunnel.lead.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Problem responses for failures the framework raises before a resource runs: authentication and authorization (with
 * {@code quarkus.http.auth.proactive=false} they surface here rather than in the HTTP layer), JSON the body reader
 * cannot bind, and bean-validation failures. Each names the field at fault where there is one.
 */
public class RequestProblemMappers {

    private static final Logger LOG = Logger.getLogger(RequestProblemMappers.class);

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return challenge(ProblemException.unauthenticated("this endpoint needs a bearer token (Authorization: Bearer "
                + "<JWT>)", HttpHeaders.AUTHORIZATION), "Bearer", uri);
    }

    /** Credentials given but not accepted: bad signature, expired, unknown issuer, malformed. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        LOG.debugf("bearer token refused: %s", e.getMessage());
        return challenge(ProblemException.unauthenticated("the bearer token was refused: it is malformed, expired, "
                + "not signed by a trusted key or not from the trusted issuer", HttpHeaders.AUTHORIZATION),
                "Bearer error=\"invalid_token\"", uri);
    }

    /** Authenticated, but no role the endpoint allows. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemMappers.respond(ProblemException.forbidden("the token's groups do not include a role this "
                + "endpoint allows", null), uri);
    }

    /**
     * JSON the body reader could not read and did not wrap (a body nested deeper than Jackson's limit of 1000 levels,
     * read as a tree): a malformed request, never a 500.
     */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return ProblemMappers.respond(fromJackson(e), uri);
    }

    /** A JSON value of the wrong type or shape for the field it is in. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return ProblemMappers.respond(fromJackson(e), uri);
    }

    /** Bean-validation failures on a request: one error per field. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(RequestProblemMappers::isReturnValue)) {
            LOG.error("a response failed validation", e);
            return ProblemMappers.respond(new ProblemException(500, "internal-error", "Internal error",
                    "the response failed validation; it was logged", List.of(), null), uri);
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.detail()).collect(Collectors.joining("; "));
        return ProblemMappers.respond(ProblemException.invalid(detail, errors), uri);
    }

    /**
     * The problem for a body Jackson could not read: a syntax error is a malformed request; a value that does not fit
     * its field is an invalid request naming the field (JSON-pointer style for nested values).
     */
    static ProblemException fromJackson(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem; // raised while the body was read (e.g. over the size limit); Jackson wrapped it
            }
        }
        if (!(e instanceof DatabindException)) {
            String location = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return ProblemException.malformed("the body is not valid JSON" + location, null);
        }
        String field = e instanceof JsonMappingException m ? pointer(m.getPath()) : "";
        if (field.isEmpty()) {
            return ProblemException.malformed("the body does not have the expected shape: a JSON object is expected",
                    null);
        }
        return ProblemException.invalidField(field, expectation(e));
    }

    private static String expectation(JsonProcessingException e) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null) {
            return "has the wrong type";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Temporal.class.isAssignableFrom(target)) {
            return "must be an ISO-8601 timestamp with offset, e.g. 2026-03-04T08:45:00Z";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "must be a whole number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "must be a JSON object";
        }
        if (e instanceof InvalidFormatException) {
            return "has an invalid value";
        }
        return "has the wrong type";
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                parts.add(Integer.toString(ref.getIndex()));
            }
        }
        return String.join("/", parts);
    }

    /** The request field a violation is about: property names below the method parameter, joined by '/'. */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        Path.Node parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node;
                continue;
            }
            if (node.getName() != null && kind != ElementKind.CONTAINER_ELEMENT) {
                parts.add(node.getName());
            }
            if (node.getKey() != null) {
                parts.add(String.valueOf(node.getKey()));
            } else if (node.getIndex() != null) {
                parts.add(Integer.toString(node.getIndex()));
            }
        }
        if (parts.isEmpty() && parameter != null) {
            return parameter.getName();
        }
        return String.join("/", parts);
    }

    private static Response challenge(ProblemException problem, String challenge, UriInfo uri) {
        Response response = ProblemMappers.respond(problem, uri);
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }
}
