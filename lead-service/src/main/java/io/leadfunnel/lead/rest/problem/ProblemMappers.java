package io.leadfunnel.lead.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.service.ConcurrentLeadUpdateException;
import io.leadfunnel.lead.service.EmailTakenException;
import io.leadfunnel.lead.service.LeadNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * Turns every failure into an RFC 9457 problem response. Transient failures (database unreachable, too much
 * contention) are 503 with {@code Retry-After}, so a CRM retries rather than dropping the delivery.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(LeadNotFoundException e, UriInfo uri) {
        return respond(ProblemException.notFound(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response notActive(LeadNotActiveException e, UriInfo uri) {
        return respond(ProblemException.conflict(e.getMessage(), null), uri);
    }

    @ServerExceptionMapper
    public Response emailTaken(EmailTakenException e, UriInfo uri) {
        return respond(new ProblemException(409, "email-taken", "E-mail belongs to another lead",
                e.getMessage() + "; the two are the same person only if merged in the CRM",
                List.of(new Problem.FieldError("email", e.getMessage())), null), uri);
    }

    @ServerExceptionMapper
    public Response contention(ConcurrentLeadUpdateException e, UriInfo uri) {
        return respond(ProblemException.unavailable(e.getMessage(), 1), uri);
    }

    @ServerExceptionMapper
    public Response database(MongoException e, UriInfo uri) {
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
            LOG.warnf("database unavailable: %s", e.getMessage());
            return respond(ProblemException.unavailable("the lead store is unavailable; retry later", 5), uri);
        }
        // the server's message can quote stored values (a duplicate key's e-mail): personal data stays out of the log
        LOG.errorf("database error %s (code %d)", e.getClass().getName(), e.getCode());
        LOG.debug("database error", e);
        return respond(ProblemException.unavailable("the lead store failed; retry later", 5), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders request) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            // the JSON body reader wraps syntax errors: say where the body is broken, or which field does not fit
            return respond(RequestProblemMappers.fromJackson(json), uri);
        }
        if (status == 415) {
            String given = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
            return respond(ProblemException.unsupportedMediaType(given == null
                    ? "the request has a body but no Content-Type; send application/json"
                    : "this endpoint does not read " + given + "; send application/json"), uri);
        }
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        // keep the headers that tell the client what would work (405: Allow)
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return respond(new ProblemException(status, kindOf(status), title, e.getMessage(), List.of(),
                allow == null ? null : Map.of(HttpHeaders.ALLOW, allow)), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoException mongo) {
                return database(mongo, uri); // wrapped on the way up: still a database outage, still 503
            }
        }
        LOG.error("unexpected failure", e);
        return respond(new ProblemException(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it was logged", List.of(), null), uri);
    }

    /** A checked exception nothing else mapped: a bug, answered as a problem without internals. */
    @ServerExceptionMapper
    public Response unexpectedChecked(Exception e, UriInfo uri) {
        if (e instanceof RuntimeException runtime) {
            return unexpected(runtime, uri);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoException mongo) {
                return database(mongo, uri);
            }
        }
        LOG.error("unexpected failure", e);
        return respond(new ProblemException(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it was logged", List.of(), null), uri);
    }

    /** Builds the response for a problem. */
    public static Response respond(ProblemException e, UriInfo uri) {
        Problem body = new Problem(Problem.TYPE_BASE + e.kind(), e.title(), e.status(), e.getMessage(),
                uri == null ? null : uri.getRequestUri().getRawPath(), e.errors().isEmpty() ? null : e.errors());
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(body);
        e.headers().forEach(response::header);
        return response.build();
    }

    private static String kindOf(int status) {
        return switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            default -> "http-" + status;
        };
    }
}
