package io.leadfunnel.lead.rest.problem;

import io.leadfunnel.runtime.net.ClientAddresses;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import io.leadfunnel.runtime.ratelimit.UnauthenticatedRequests;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Problem responses for failures the framework raises before a resource runs: authentication and authorization (with
 * {@code quarkus.http.auth.proactive=false} they surface here rather than in the HTTP layer) and bean-validation
 * failures, each naming the field at fault where there is one. JSON the body reader cannot bind is the runtime's
 * {@link ProblemMappers}. A request refused for its credentials is charged to its client address
 * ({@link UnauthenticatedRequests}), so rotating forged tokens from one address soon meets 429.
 */
public class RequestProblemMappers {

    private static final Logger LOG = Logger.getLogger(RequestProblemMappers.class);

    // looked up per failure: mappers may be built before runtime config exists
    private final Instance<UnauthenticatedRequests> unauthenticated;
    private final Instance<ClientAddresses> addresses;

    public RequestProblemMappers(Instance<UnauthenticatedRequests> unauthenticated,
                                 Instance<ClientAddresses> addresses) {
        this.unauthenticated = unauthenticated;
        this.addresses = addresses;
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpServerRequest http) {
        unauthenticated.get().failed(addresses.get().of(http));
        return challenge(ProblemException.unauthenticated("this endpoint needs a bearer token (Authorization: Bearer "
                + "<JWT>)", HttpHeaders.AUTHORIZATION), "Bearer", uri);
    }

    /** Credentials given but not accepted: bad signature, expired, unknown issuer, malformed. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri, HttpServerRequest http) {
        unauthenticated.get().failed(addresses.get().of(http));
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

    /** Bean-validation failures on a request: one error per field. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(RequestProblemMappers::isReturnValue)) {
            LOG.error("a response failed validation", e);
            return ProblemMappers.respond(new ProblemException(500, "internal-error", "Internal error",
                    "the response failed validation; it was logged", List.of()), uri);
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.detail()).collect(Collectors.joining("; "));
        return ProblemMappers.respond(ProblemException.invalid(detail, errors), uri);
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
