package io.leadfunnel.runtime.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.mongodb.MongoException;
import io.leadfunnel.runtime.store.ConcurrentUpdateException;
import io.leadfunnel.runtime.store.Failures;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the failures every service shares into RFC 9457 problem responses. A transient failure (the database
 * unreachable, contention on a document) is 503 with {@code Retry-After}, so a CRM or a client retries. A failure that
 * will not pass by retrying (the database refused the write, a bug) is a 5xx without {@code Retry-After}, carrying a
 * reference id that is also in the log. Services add mappers for their own domain exceptions and answer with
 * {@link #respond}.
 */
public class ProblemMappers {

    /** What a 503 tells the client to wait: about the time MongoDB server selection gives up after. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response contention(ConcurrentUpdateException e, UriInfo uri) {
        return respond(ProblemException.unavailable(e.getMessage() + "; retry", 1), uri);
    }

    @ServerExceptionMapper
    public Response database(MongoException e, UriInfo uri) {
        if (Failures.isTransient(e)) {
            LOG.warnf("database unavailable: %s", e.getClass().getSimpleName());
            return respond(ProblemException.unavailable("the database is unavailable; retry later",
                    RETRY_AFTER_SECONDS), uri);
        }
        // the server's message can quote stored values (a duplicate key's e-mail): personal data stays out of the log
        String reference = UUID.randomUUID().toString();
        LOG.errorf("database refused the request [reference %s]: %s (code %d)", reference, e.getClass().getName(),
                e.getCode());
        return respond(new ProblemException(500, "store-failed", "The database refused the request",
                "the database refused this request and retrying will not help; quote reference " + reference,
                List.of()), reference, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /** More specific than Quarkus's own mapper of this exception, which does not answer with a problem. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders request) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            // the JSON body reader wraps syntax errors: say where the body is broken, or which field does not fit
            return respond(JsonProblems.of(json), uri);
        }
        if (status == 415) {
            String given = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
            return respond(ProblemException.unsupportedMediaType(given == null
                    ? "the request has a body but no Content-Type; send application/json"
                    : "this endpoint does not read " + given + "; send application/json"), uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        // keep the headers that tell the client what would work (405: Allow)
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return respond(new ProblemException(status, kindOf(status), title, e.getMessage(), List.of(),
                allow == null ? null : Map.of(HttpHeaders.ALLOW, allow)), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        return failure(e, uri);
    }

    /** A checked exception nothing else mapped. */
    @ServerExceptionMapper
    public Response unexpectedChecked(Exception e, UriInfo uri) {
        return failure(e, uri);
    }

    private Response failure(Exception e, UriInfo uri) {
        MongoException mongo = Failures.mongoCause(e);
        if (mongo != null) {
            return database(mongo, uri); // wrapped on the way up: still the database's answer
        }
        if (Failures.isTransient(e)) {
            return respond(ProblemException.unavailable("the request met contention; retry", 1), uri);
        }
        if (closedByClient(e)) {
            // the sender hung up (a client timeout, a dropped connection) before its body arrived: nothing failed here,
            // and the answer reaches nobody; an error with a stack trace per request would only load a busy service
            LOG.debugf("a client closed its connection before its request body was read: %s", e);
            return respond(ProblemException.malformed("the connection closed before the request body was read to "
                    + "its end", null), uri);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure [reference %s]", reference);
        return respond(new ProblemException(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it was logged under reference " + reference, List.of()),
                reference, uri);
    }

    /** Whether reading the request failed because its connection was closed, which only the client does. */
    static boolean closedByClient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException || cause instanceof HttpClosedException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Builds the response for a problem. */
    public static Response respond(ProblemException e, UriInfo uri) {
        return respond(e, null, uri);
    }

    private static Response respond(ProblemException e, String reference, UriInfo uri) {
        Problem body = new Problem(Problem.TYPE_BASE + e.kind(), e.title(), e.status(), e.getMessage(),
                uri == null ? null : uri.getRequestUri().getRawPath(), e.errors().isEmpty() ? null : e.errors(),
                reference);
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
            case 429 -> "rate-limited";
            default -> "http-" + status;
        };
    }
}
