package io.leadfunnel.scoring.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.mongodb.MongoException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 problem response. */
public class ProblemMappers {

    /** What a 503 tells the client to wait: about the time MongoDB server selection gives up after. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                    .collect(Collectors.joining("/", "/", ""));
        }
        return respond(ProblemException.malformed("the body is not valid JSON of the expected shape: "
                + e.getOriginalMessage(), field), uri);
    }

    /** More specific than Quarkus's own mapper of this exception, which does not answer with a problem. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response database(MongoException e, UriInfo uri) {
        LOG.warnf("database unavailable: %s", e.getClass().getSimpleName());
        return Response.fromResponse(respond(new ProblemException(503, "temporarily-unavailable",
                "Temporarily unavailable",
                "the scoring store is unavailable; retry later", List.of()), uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(new ProblemException(status, status == 404 ? "not-found" : "http-" + status,
                known == null ? "Error" : known.getReasonPhrase(), e.getMessage(), List.of()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return respond(new ProblemException(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it was logged", List.of()), uri);
    }

    static Response respond(ProblemException e, UriInfo uri) {
        Problem body = new Problem(Problem.TYPE_BASE + e.kind(), e.title(), e.status(), e.getMessage(),
                uri == null ? null : uri.getRequestUri().getRawPath(), e.errors().isEmpty() ? null : e.errors());
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
